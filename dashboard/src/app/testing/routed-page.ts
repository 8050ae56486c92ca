import type { Type } from '@angular/core';
import { RouterTestingHarness } from '@angular/router/testing';

/**
 * Navigates to `url` through the router under test and expects `component` there (so route
 * inputs such as query parameters are bound as in the app).
 */
export async function openRoutedPage(url: string, component: Type<unknown>) {
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url, component);
  return {
    harness,
    page: harness.routeNativeElement!,
    /** Lets pending async work (HTTP answers, timers already due) finish, then re-renders. */
    async settle() {
      await harness.fixture.whenStable();
      harness.detectChanges();
    },
  };
}
