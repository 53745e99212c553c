/**
 * Limits of the socket protocol that the browser code needs as values. Kept apart from frames.ts
 * (the zod schemas), so a console module that needs a number does not pull the schema library
 * into the bundle (test/unit/web/build-web.test.ts).
 */

/** The most tickets one `listTickets` answers with. */
export const MAX_TICKETS_LISTED = 100;
