import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { ADMIN, authSession, STORAGE_KEY } from '../../../testing/fixtures';
import { MemoryStorage } from '../../../testing/memory-storage';
import { Session } from '../../auth/session';
import { SESSION_STORAGE } from '../../browser-storage';
import { NAV_ITEMS } from '../nav-items';
import Shell from './shell';

@Component({ template: 'page' })
class Page {}

describe('Shell', () => {
  async function open(user = ADMIN) {
    const storage = new MemoryStorage();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: Page },
          { path: '', component: Shell, children: [{ path: '', component: Page }] },
        ]),
        { provide: SESSION_STORAGE, useValue: storage },
      ],
    });
    TestBed.inject(Session).start(authSession(user, 'token'));
    const harness = await RouterTestingHarness.create('/');
    return { harness, storage, page: harness.routeNativeElement!, router: TestBed.inject(Router) };
  }

  it('shows who is signed in and with which role', async () => {
    const { page } = await open({ ...ADMIN, name: 'Grace Hopper', role: 'staff' });

    expect(page.querySelector('.user-name')?.textContent).toContain('Grace Hopper');
    expect(page.querySelector('.user-role')?.textContent).toContain('Staff');
    expect(page.querySelector('.avatar')?.textContent?.trim()).toBe('GH');
  });

  it('offers the overview in the navigation, marked as the current page', async () => {
    const { page } = await open();

    const links = [...page.querySelectorAll<HTMLAnchorElement>('nav a')];
    // Every feature adds its own entry: the shell shows them all, in order, overview first.
    expect(links.map((link) => link.textContent?.trim())).toEqual(NAV_ITEMS.map((item) => item.label));
    expect(links[0].textContent?.trim()).toBe('Overview');
    expect(links[0].getAttribute('aria-current')).toBe('page');
  });

  it('signs out: forgets the token and returns to the login page saying so', async () => {
    const { harness, page, storage, router } = await open();

    page.querySelector<HTMLButtonElement>('.sign-out')!.click();
    await harness.fixture.whenStable();

    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(router.url).toBe('/login?reason=signed-out');
  });
});
