/**
 * The API's room links point at our own call pages under the Video API provider, whatever host name
 * it used (the first DASHBOARD_ORIGIN): those open in-app, in this tab and its sign-in (sessions are
 * per tab). Anything else (a Meetings link) is someone else's page.
 */
const pathOf = (url: string, page: RegExp): string | null => {
  try {
    const path = new URL(url).pathname;
    return page.test(path) ? path : null;
  } catch {
    return null;
  }
};

/** `/support/{id}/call` when the link is the staff call page. */
export const staffCallPage = (url: string) => pathOf(url, /^\/support\/[0-9a-f]{24}\/call$/);

/** `/kiosk/call/{id}` when the link is the kiosk's call page. */
export const customerCallPage = (url: string) => pathOf(url, /^\/kiosk\/call\/[0-9a-f]{24}$/);
