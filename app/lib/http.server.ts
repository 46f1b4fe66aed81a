/** Responses the domain throws when access is refused or a record is not there for this user. */
export const forbidden = (message = "You do not have permission to do that") => new Response(message, { status: 403, statusText: "Forbidden" });
export const notFound = (message = "Page not found") => new Response(message, { status: 404, statusText: "Not Found" });

export function isResponse(value: unknown): value is Response {
  return value instanceof Response;
}

/** The client's address as the server saw it (no proxy headers are trusted). */
export function clientAddress(request: Request): string {
  return request.headers.get("x-portal-client-ip") ?? "unknown";
}
