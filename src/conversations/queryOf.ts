/**
 * A query string from plain options: booleans and numbers as strings, lists as repeated keys,
 * undefined left out, so only what the caller set is sent (as the Python SDK does).
 */
export function queryOf(options: object | undefined): URLSearchParams | undefined {
  if (options === undefined) return undefined;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  return params;
}
