import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../errors/ConflictError.ts';
import type { Member } from '../../model/members.ts';
import { MemberUpdateResponse, memberUpdateRequestFor } from '../../model/members.ts';
import { parse } from '../../model/parse.ts';
import { SpeakerEventsRequest, SpeakerEventsResponse } from '../../model/speakerEvents.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { responseBody } from '../http/responseBody.ts';
import { awaitJob } from '../jobs/awaitJob.ts';
import { planMemberUpdate } from '../jobs/reattributeMessages.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord, ReattributionInput } from '../store/StoreRecords.ts';
import { ownConversation } from './conversationRoutes.ts';

/**
 * PUT …/members/{memberId} and PUT …/speakers. Both change who said
 * what, so both run as a job of the conversation (in order with its other jobs, durable across a
 * restart) that rewrites every stored message's speaker and recomputes members, insights and
 * analytics. The request waits for that job (up to `limits.reattributionWaitMs`), so a read right
 * after the 200 sees the change.
 */
export function memberRoutes(server: ServerContext): Route[] {
  return [
    {
      method: 'PUT',
      pattern: '/v1/conversations/:conversationId/members/:memberId',
      /**
       * Updates a member's name and email. When the email belongs to another member, the two are
       * merged into that existing member: it keeps its id, takes the new name, and every message,
       * insight and analytics reference to `{memberId}` becomes it. Undocumented cases: unknown
       * member 404, body `id` other than the path's 400, unknown body keys 400.
       */
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const memberId = ctx.params.memberId!;
        const body = await readJsonBody(ctx.req, server.limits.jsonBodyBytes);
        const update = parse(memberUpdateRequestFor(memberId), body, 'member update');
        planMemberUpdate(conversation.members as Member[], memberId, update);
        await reattribute(server, ctx, conversation, {
          type: 'member-update',
          memberId,
          name: update.name,
          ...(update.email === undefined ? {} : { email: update.email }),
        });
        const message = `Member with id: ${memberId} for conversationId: ${conversation.id} updated successfully! The update should be reflected in all messages and insights along with this conversation`;
        return { status: 200, body: responseBody(MemberUpdateResponse, { message }, 'member update') };
      },
    },
    {
      method: 'PUT',
      pattern: '/v1/conversations/:conversationId/speakers',
      /**
       * Re-attributes the transcript by a speaker timeline: each message goes to the user whose
       * speaking intervals cover most of it; users unknown to the conversation become members.
       * An empty timeline changes nothing (and still answers 200).
       */
      async handle(ctx) {
        const conversation = await ownConversation(server, ctx);
        const body = await readJsonBody(ctx.req, server.limits.jsonBodyBytes);
        const { speakerEvents } = parse(SpeakerEventsRequest, body, 'speaker events');
        if (speakerEvents.length > 0) {
          await reattribute(server, ctx, conversation, { type: 'speaker-events', speakerEvents });
        }
        const message = `Speaker events associated for conversationId: ${conversation.id} successfully! The update should be reflected in all messages and insights along with this conversation`;
        return { status: 200, body: responseBody(SpeakerEventsResponse, { message }, 'speaker events') };
      },
    },
  ];
}

/** Schedules the re-attribution job and waits for it; a job that failed is a 409 with its reason. */
async function reattribute(
  server: ServerContext,
  ctx: RequestContext,
  conversation: ConversationRecord,
  input: ReattributionInput,
): Promise<void> {
  const jobId = randomUUID();
  await server.store.enqueueJob({
    job: { id: jobId, appId: ctx.appId, conversationId: conversation.id, append: true, input, options: {} },
    maxActiveJobsPerApp: server.limits.activeJobsPerApp,
  });
  server.logger.log('info', 'job.scheduled', {
    jobId,
    conversationId: conversation.id,
    appId: ctx.appId,
    kind: input.type,
  });
  const job = await awaitJob(server.store, ctx.appId, jobId, server.limits.reattributionWaitMs);
  if (job?.status === 'failed') {
    throw new ConflictError(job.error ?? 'The update could not be applied to this conversation.');
  }
}
