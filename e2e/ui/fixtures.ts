import { test as base, expect, type Page } from "@playwright/test";

/**
 * Collects a page's console errors and uncaught errors as they happen; `ignore` leaves out the
 * console messages a test expects (the refused connections while its server is down, say).
 */
export function recordErrors(page: Page, ignore?: RegExp): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !ignore?.test(msg.text()))
      errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => errors.push(`uncaught: ${err.message}`));
  return errors;
}

/**
 * `page` that records console errors and uncaught page errors, and fails the test if any
 * occurred. Every UI test uses it, so "the dashboard logs no errors" holds throughout.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors = recordErrors(page);
    await use(errors);
    expect(errors, "console errors on the page").toEqual([]);
  },
});

export { expect };
