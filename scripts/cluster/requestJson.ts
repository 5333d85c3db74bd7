/**
 * Sends one JSON request to a Parley server (with a bearer token when given) and returns the JSON
 * reply; throws with the status and body when the reply is not a success.
 */
export async function requestJson(
  base: string,
  method: string,
  path: string,
  json?: unknown,
  token?: string,
): Promise<Record<string, unknown>> {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok)
    throw new Error(`${method} ${path} on ${base}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}
