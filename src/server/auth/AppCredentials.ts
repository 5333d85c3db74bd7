/** An app's id and secret in the shape Symbl issues (64 and 128 chars of [0-9a-z]). */
export interface AppCredentials {
  appId: string;
  appSecret: string;
}
