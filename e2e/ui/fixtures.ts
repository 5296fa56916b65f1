import { test as base, expect } from "@playwright/test";

/**
 * `page` that records console errors and uncaught page errors, and fails the test if any
 * occurred. Every UI test uses it, so "the dashboard logs no errors" holds throughout.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
    });
    page.on("pageerror", (err) => errors.push(`uncaught: ${err.message}`));
    await use(errors);
    expect(errors, "console errors on the page").toEqual([]);
  },
});

export { expect };
