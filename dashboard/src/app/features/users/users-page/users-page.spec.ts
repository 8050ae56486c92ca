import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { UserDto } from '../../../api/models';
import { Session } from '../../../core/auth/session';
import { SESSION_STORAGE } from '../../../core/browser-storage';
import { ADMIN, authSession, problem } from '../../../testing/fixtures';
import { MemoryStorage } from '../../../testing/memory-storage';
import UsersPage from './users-page';

const SAM: UserDto = {
  ...ADMIN,
  id: 'u-sam',
  name: 'Sam Host',
  email: 'sam@tabletalk.local',
  phone: '+447700900555',
  role: 'staff',
};
const NEW_COOK: UserDto = {
  ...SAM,
  id: 'u-cook',
  name: 'New Cook',
  email: 'cook@tabletalk.local',
  invitePending: true,
};
const GONE: UserDto = { ...SAM, id: 'u-gone', name: 'Gone Away', email: 'gone@tabletalk.local', disabled: true };

describe('Team page', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  async function open(items: UserDto[] = [ADMIN, SAM, NEW_COOK, GONE], nextCursor: string | null = null) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideApiConfiguration(''),
        { provide: SESSION_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    TestBed.inject(Session).start(authSession(ADMIN));
    const fixture = TestBed.createComponent(UsersPage);
    const http = TestBed.inject(HttpTestingController);
    const element: HTMLElement = fixture.nativeElement;
    const settle = async () => {
      // The HTTP answer settles a promise chain; let it run before rendering.
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    const list = http.expectOne((req) => req.url === '/api/users' && req.method === 'GET');
    expect(list.request.params.get('limit')).toBe('25');
    expect(list.request.params.has('role')).toBe(false);
    list.flush({ items, page: 1, limit: 25, total: items.length + (nextCursor ? 1 : 0), nextCursor });
    await settle();
    const row = (name: string) => element.querySelector<HTMLElement>(`tr[aria-label="${name}"]`)!;
    const button = (scope: HTMLElement, label: string) =>
      scope.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
    return { http, element, settle, row, button };
  }

  it('lists every account with its role and status', async () => {
    const { element, row } = await open();

    const names = [...element.querySelectorAll('.person-name')].map((el) => el.textContent?.trim());
    expect(names).toEqual(['Grace Hopper (you)', 'Sam Host', 'New Cook', 'Gone Away']);
    expect(row('Sam Host').querySelector('.status')?.textContent).toBe('Active');
    expect(row('New Cook').querySelector('.status')?.textContent).toBe('Invited');
    expect(row('Gone Away').querySelector('.status')?.textContent).toBe('Disabled');
    expect(row('Sam Host').querySelector<HTMLSelectElement>('select')!.value).toBe('staff');
    expect(element.querySelector('.subtitle')?.textContent).toContain('4 accounts · 1 invited · 1 disabled');
  });

  it('never offers to change your own role or to disable yourself', async () => {
    const { row, button } = await open();

    expect(row('Grace Hopper').querySelector('select')).toBeNull();
    expect(row('Grace Hopper').querySelector('.badge')?.textContent).toBe('Admin');
    expect(button(row('Grace Hopper'), 'Disable Grace Hopper')).toBeNull();
    expect(button(row('Sam Host'), 'Disable Sam Host')).not.toBeNull();
  });

  it('changes a role with its select', async () => {
    const { http, row, settle } = await open();

    const select = row('Sam Host').querySelector<HTMLSelectElement>('select')!;
    select.value = 'admin';
    select.dispatchEvent(new Event('change'));
    const patch = http.expectOne('/api/users/u-sam');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ role: 'admin' });
    patch.flush({ ...SAM, role: 'admin' });
    await settle();

    expect(row('Sam Host').querySelector<HTMLSelectElement>('select')!.value).toBe('admin');
  });

  it('shows a refusal in the row, tied to its select, and puts the select back', async () => {
    const { http, row, settle } = await open();

    const select = row('Sam Host').querySelector<HTMLSelectElement>('select')!;
    select.value = 'customer';
    select.dispatchEvent(new Event('change'));
    http
      .expectOne('/api/users/u-sam')
      .flush(problem(409, 'last-admin', 'This is the last active admin; make someone else admin first'), {
        status: 409,
        statusText: 'Conflict',
      });
    await settle();

    const error = row('Sam Host').querySelector('[role="alert"]')!;
    expect(error.textContent).toContain('last active admin');
    expect(select.getAttribute('aria-describedby')).toBe(error.id);
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(select.value).toBe('staff');
  });

  it('disables and enables an account', async () => {
    const { http, row, button, settle } = await open();

    button(row('Sam Host'), 'Disable Sam Host')!.click();
    const disable = http.expectOne('/api/users/u-sam');
    expect(disable.request.body).toEqual({ disabled: true });
    disable.flush({ ...SAM, disabled: true });
    await settle();
    expect(row('Sam Host').querySelector('.status')?.textContent).toBe('Disabled');

    button(row('Sam Host'), 'Enable Sam Host')!.click();
    const enable = http.expectOne('/api/users/u-sam');
    expect(enable.request.body).toEqual({ disabled: false });
    enable.flush(SAM);
    await settle();
    expect(row('Sam Host').querySelector('.status')?.textContent).toBe('Active');
  });

  it('sends an invited person a new code', async () => {
    const { http, row, button, settle } = await open();

    expect(button(row('Sam Host'), 'Send Sam Host a new invitation code')).toBeNull();
    button(row('New Cook'), 'Send New Cook a new invitation code')!.click();
    const resend = http.expectOne('/api/users/u-cook/invite');
    expect(resend.request.method).toBe('POST');
    resend.flush({ ...NEW_COOK, inviteSent: true });
    await settle();
    expect(row('New Cook').querySelector('[role="status"]')?.textContent).toContain('New code sent to +447700900555');
  });

  it('filters by role', async () => {
    const { http, element, settle } = await open();

    const filter = element.querySelector<HTMLSelectElement>('#role-filter')!;
    filter.value = 'admin';
    filter.dispatchEvent(new Event('change'));
    const list = http.expectOne((req) => req.url === '/api/users');
    expect(list.request.params.get('role')).toBe('admin');
    list.flush({ items: [ADMIN], page: 1, limit: 25, total: 1, nextCursor: null });
    await settle();
    expect(element.querySelectorAll('tbody tr')).toHaveLength(1);
  });

  it('shows more with the cursor of the last page', async () => {
    const { http, element, settle } = await open([SAM], 'u-sam');

    const more = [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Show more'))!;
    expect(more.textContent).toContain('1 left');
    more.click();
    const next = http.expectOne((req) => req.url === '/api/users');
    expect(next.request.params.get('cursor')).toBe('u-sam');
    next.flush({ items: [GONE], page: 1, limit: 25, total: 2, nextCursor: null });
    await settle();
    expect(element.querySelectorAll('tbody tr')).toHaveLength(2);
    expect([...element.querySelectorAll('button')].some((b) => b.textContent?.includes('Show more'))).toBe(false);
  });

  it('adds an invited person at the top of the list', async () => {
    const { http, element, settle } = await open();
    const type = (id: string, value: string) => {
      const input = element.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
      input.value = value;
      input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
    };
    type('invite-name', 'Kim Chef');
    type('invite-email', 'kim@tabletalk.local');
    type('invite-phone', '+447700900777');
    type('invite-role', 'admin');
    element.querySelector<HTMLFormElement>('tt-invite-form form')!.dispatchEvent(new Event('submit'));
    const create = http.expectOne('/api/users');
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({
      email: 'kim@tabletalk.local',
      name: 'Kim Chef',
      phone: '+447700900777',
      role: 'admin',
    });
    create.flush({ ...SAM, id: 'u-kim', name: 'Kim Chef', role: 'admin', invitePending: true, inviteSent: true });
    await settle();

    expect(element.querySelector('.person-name')?.textContent).toContain('Kim Chef');
    expect(element.querySelector('tt-invite-form [role="status"]')?.textContent).toContain('Kim Chef is invited');
  });
});
