import { expect, test } from "./fixtures";

// The Access page on the e2e server, which has no owner password: the dashboard says it is
// unprotected on every page, and an API token is made (shown once), listed, used and revoked here.
// (Setting a password would protect the shared server; the security suite does that on its own.)

test("unprotected: every page says so and links to Access", async ({ page, consoleErrors }) => {
  for (const path of ["/", "/chart", "/symbols", "/decisions"]) {
    await page.goto(path);
    const banner = page.getByTestId("unprotected");
    await expect(banner).toContainText("no owner password is set");
    await expect(banner.getByRole("link", { name: "Set a password" })).toHaveAttribute("href", "/access");
  }
  expect(consoleErrors).toEqual([]);
});

test("an API token is shown once, works, is listed with its use, and is refused once revoked", async ({
  page,
  request,
  consoleErrors,
}) => {
  await page.goto("/access");
  const name = `ui-test-${Date.now().toString(36)}`;
  await page.getByTestId("token-name").fill(name);
  await page.getByTestId("create-token").click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toContainText("it is not shown again");
  const token = ((await shown.locator("code").textContent()) ?? "").trim();
  expect(token).toMatch(/^hean_[0-9a-f]{8}_[\w-]{43}$/);
  const id = token.slice(5, 13);
  const row = page.getByTestId("tokens").locator("tr", { hasText: name });
  await expect(row).toContainText(id);
  await expect(row).toContainText("never");

  const used = await request.get("/trading/why", { headers: { authorization: `Bearer ${token}` } });
  expect(used.status()).toBe(200);
  await expect(page.getByTestId("access-events")).toContainText("token_created");

  await page.getByTestId(`revoke-${id}`).click();
  await expect(row).toContainText("revoked");
  const refused = await request.get("/trading/why", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0); // the secret is gone with the page
  await expect(page.locator("body")).not.toContainText(token);
  expect(consoleErrors).toEqual([]);
});
