/** A list's filters as address parameters, in their order, leaving out the empty ones. */
export function searchParams(query: Partial<Record<string, string>>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value) params.set(key, value);
  }
  return params;
}
