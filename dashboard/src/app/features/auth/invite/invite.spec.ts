import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../../api/api-configuration';
import { problem } from '../../../testing/fixtures';
import Invite from './invite';

describe('Invite page (set your password)', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  async function open(email?: string) {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), provideRouter([])],
    });
    const fixture = TestBed.createComponent(Invite);
    if (email) fixture.componentRef.setInput('email', email);
    const element: HTMLElement = fixture.nativeElement;
    const settle = async () => {
      // The HTTP answer settles a promise chain; let it run before rendering.
      await new Promise((resolve) => setTimeout(resolve));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    await settle();
    const input = (id: string) => element.querySelector<HTMLInputElement>(`#${id}`)!;
    const type = (id: string, value: string) => {
      input(id).value = value;
      input(id).dispatchEvent(new Event('input'));
    };
    const submit = async () => {
      element.querySelector('form')!.dispatchEvent(new Event('submit'));
      await settle();
    };
    return { http: TestBed.inject(HttpTestingController), element, input, type, submit, settle };
  }

  it('sets the password with the code and points to sign-in', async () => {
    const { http, element, input, type, submit, settle } = await open('sam@tabletalk.local');
    expect(input('email').value).toBe('sam@tabletalk.local');
    type('code', 'k7qm-2xwp');
    type('password', 'correct-horse-battery');
    await submit();
    const accept = http.expectOne('/api/auth/invite/accept');
    expect(accept.request.body).toEqual({
      email: 'sam@tabletalk.local',
      code: 'k7qm-2xwp',
      password: 'correct-horse-battery',
    });
    accept.flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(element.querySelector('[role="status"]')?.textContent).toContain('Your password is set');
    expect(element.querySelector('a[href="/login"]')).not.toBeNull();
  });

  it('checks the fields before sending, with errors tied to their inputs', async () => {
    const { element, input, type, submit } = await open();
    type('code', 'abc');
    type('password', 'short');
    await submit();

    expect(input('code').getAttribute('aria-describedby')).toBe('code-error');
    expect(element.querySelector('#code-error')?.textContent).toContain('8 letters and digits');
    expect(element.querySelector('#password-error')?.textContent).toContain('at least 10');
    expect(element.querySelector('#email-error')?.textContent).toContain('Enter the email');
  });

  it('shows the one answer the API gives for a wrong code or an unknown email', async () => {
    const { http, element, type, submit, settle } = await open();
    type('email', 'sam@tabletalk.local');
    type('code', 'AAAA-AAAA');
    type('password', 'correct-horse-battery');
    await submit();
    http
      .expectOne('/api/auth/invite/accept')
      .flush(
        problem(
          401,
          'invalid-invite',
          'This email and code do not match an open invitation; ask an admin for a new one',
        ),
        {
          status: 401,
          statusText: 'Unauthorized',
        },
      );
    await settle();

    expect(element.querySelector('[role="alert"]')?.textContent).toContain('do not match an open invitation');
  });
});
