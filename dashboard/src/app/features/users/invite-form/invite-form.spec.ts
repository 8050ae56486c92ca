import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../../api/api-configuration';
import { problem } from '../../../testing/fixtures';
import { InviteForm } from './invite-form';

describe('Invite form', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  async function open() {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')],
    });
    const fixture = TestBed.createComponent(InviteForm);
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

  it('labels every field and ties each error to its input', async () => {
    const { element, input, type, submit } = await open();
    type('invite-phone', '07700 900123');
    type('invite-name', 'Kim\tChef');
    await submit();

    for (const id of ['invite-name', 'invite-email', 'invite-phone', 'invite-role']) {
      expect(element.querySelector(`label[for="${id}"]`)).not.toBeNull();
    }
    expect(input('invite-phone').getAttribute('aria-invalid')).toBe('true');
    expect(element.querySelector(`#${input('invite-phone').getAttribute('aria-describedby')}`)?.textContent).toContain(
      'international format',
    );
    expect(element.querySelector('#invite-name-error')?.textContent).toContain('one line of plain text');
    expect(element.querySelector('#invite-email-error')?.textContent).toContain('Enter their email');
  });

  it('shows a taken number on the phone field, without saying whose', async () => {
    const { http, element, type, submit, settle } = await open();
    type('invite-name', 'Kim Chef');
    type('invite-email', 'kim@tabletalk.local');
    type('invite-phone', '+447700900777');
    await submit();
    http
      .expectOne('/api/users')
      .flush(problem(409, 'phone-taken', 'This phone number belongs to another account; use another number'), {
        status: 409,
        statusText: 'Conflict',
      });
    await settle();

    expect(element.querySelector('#invite-phone-error')?.textContent).toContain('belongs to another account');
    expect(element.querySelector('#invite-email-error')).toBeNull();
  });

  it('says when the text could not be sent', async () => {
    const { http, element, type, submit, settle } = await open();
    type('invite-name', 'Kim Chef');
    type('invite-email', 'kim@tabletalk.local');
    type('invite-phone', '+447700900777');
    await submit();
    http.expectOne('/api/users').flush({
      id: 'u-kim',
      email: 'kim@tabletalk.local',
      name: 'Kim Chef',
      phone: '+447700900777',
      role: 'staff',
      verifyChannel: 'sms',
      notificationChannel: 'sms',
      disabled: false,
      invitePending: true,
      inviteSent: false,
      createdAt: '2026-11-25T12:00:00.000Z',
    });
    await settle();

    expect(element.querySelector('[role="status"]')?.textContent).toContain('did not go out');
  });
});
