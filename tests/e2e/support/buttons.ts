/**
 * Pressing a form's submit button. GOV.UK Frontend's buttons (data-prevent-double-click) ignore a
 * second press within a second of the first, as they should; a test that sends a form, reads its
 * errors and sends it again within that second would see nothing happen. So each press on a page
 * waits until a second has passed since the last one.
 */
import type { Locator, Page } from "@playwright/test";

const lastPress = new WeakMap<Page, number>();

export async function press(button: Locator) {
  const page = button.page();
  const wait = (lastPress.get(page) ?? 0) + 1200 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  await button.click();
  // Counted from when the click has been dispatched (waiting for the button to be ready comes first).
  lastPress.set(page, Date.now());
}
