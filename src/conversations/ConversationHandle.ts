import { type Observable, of, switchMap } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { callEndpoint, type MethodsOf, mapEndpoints } from './ConversationEndpoint.ts';
import { conversationEndpoints } from './conversationEndpoints.ts';

/**
 * One conversation's Conversation API, the id bound (the Python SDK's conversation object): a
 * method per entry of {@link conversationEndpoints}. For a job's conversation the id becomes known
 * once the job is submitted; each method waits for it. Methods are cold Observables, like
 * {@link ConversationsApi}'s. Results read before the job completes may be partial: wait for the
 * job first (`concat(job.pipe(ignoreElements()), ...)`).
 */
export interface ConversationHandle extends MethodsOf<typeof conversationEndpoints> {
  /** The conversation id (submits the job if that has not happened yet). */
  conversationId(): Observable<string>;
}

/** A handle on the conversation `id` (a known id, or an Observable that yields it once). */
export function conversationHandle(http: HttpTransport, id: string | Observable<string>): ConversationHandle {
  const id$ = typeof id === 'string' ? of(id) : id;
  return {
    conversationId: () => id$,
    ...mapEndpoints(
      conversationEndpoints,
      (entry) =>
        (...args: unknown[]) =>
          id$.pipe(switchMap((conversationId) => callEndpoint(http, entry, { conversationId }, args))),
    ),
  } as ConversationHandle;
}
