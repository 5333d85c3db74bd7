/**
 * WebSockets (of every path) open at once, per app and for the server. In a file of its own
 * because `ServerOptions` names it, and the package's types must not pull in `ws`'s.
 */
export interface SocketLimits {
  socketsPerApp: number;
  socketsPerServer: number;
}
