import type { HttpTransport } from '../client/HttpTransport.ts';
import { callEndpoint, type IdFirstMethods, type MethodsOf, mapEndpoints } from './ConversationEndpoint.ts';
import { collectionEndpoints, conversationEndpoints } from './conversationEndpoints.ts';

/**
 * The Conversation API with the conversation id as first argument, like the Python SDK's
 * `symbl.Conversations`: a method per entry of {@link conversationEndpoints}, plus `list`. Every
 * method returns a cold Observable: nothing is sent until you subscribe, each subscription sends
 * once, and unsubscribing aborts the request.
 */
export interface ConversationsApi
  extends IdFirstMethods<typeof conversationEndpoints>,
    MethodsOf<typeof collectionEndpoints> {}

/** The Conversation API over `http`. */
export function conversationsApi(http: HttpTransport): ConversationsApi {
  return {
    ...mapEndpoints(
      collectionEndpoints,
      (entry) =>
        (...args: unknown[]) =>
          callEndpoint(http, entry, {}, args),
    ),
    ...mapEndpoints(
      conversationEndpoints,
      (entry) =>
        (conversationId: string, ...args: unknown[]) =>
          callEndpoint(http, entry, { conversationId }, args),
    ),
  } as ConversationsApi;
}
