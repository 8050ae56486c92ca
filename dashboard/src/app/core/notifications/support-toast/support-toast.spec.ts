import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideToastr, ToastrService } from 'ngx-toastr';
import type { SupportRequestAlert } from '../support-request-alert';
import { SupportRequests } from '../support-requests';
import { SupportToast } from './support-toast';

describe('SupportToast', () => {
  let markJoined: ReturnType<typeof vi.fn>;

  async function showToast(alert: SupportRequestAlert): Promise<HTMLElement> {
    markJoined = vi.fn(async () => ({}));
    TestBed.configureTestingModule({
      providers: [
        provideToastr(),
        provideRouter([{ path: 'support/:id/call', children: [] }]),
        { provide: SupportRequests, useValue: { markJoined } },
      ],
    });
    TestBed.inject(ToastrService).show('', undefined, {
      toastComponent: SupportToast,
      payload: alert,
      disableTimeOut: true,
    });
    await TestBed.inject(ApplicationRef).whenStable();
    return document.querySelector<HTMLElement>('#toast-container')!;
  }

  const alert: SupportRequestAlert = {
    supportRequestId: 'sr1',
    orderId: 'o1',
    orderNumber: 42,
    email: 'ada@example.com',
    hostUrl: 'https://meetings.example.com/host/abc',
  };

  afterEach(() => document.querySelector('#toast-container')?.remove());

  it('says who asked for help on which order', async () => {
    const toast = await showToast(alert);
    expect(toast.textContent?.replace(/\s+/g, ' ')).toContain('ada@example.com requested support on order #42');
  });

  it('links Join call to the staff call page of the request, in this tab (its sign-in), never to a host link', async () => {
    const toast = await showToast(alert);
    const link = [...toast.querySelectorAll('a')].find((a) => a.textContent?.trim() === 'Join call');
    expect(link?.getAttribute('href')).toBe('/support/sr1/call');
    expect(link?.target).toBe('');
  });

  it('shows markup in the event as text, never as HTML', async () => {
    const toast = await showToast({ ...alert, email: '<img src=x onerror="alert(1)">@evil.test' });
    expect(toast.querySelector('img')).toBeNull();
    expect(toast.querySelector('.tt-toast-email')?.textContent).toBe('<img src=x onerror="alert(1)">@evil.test');
  });

  it('records the join and closes when Join call is clicked', async () => {
    const toast = await showToast(alert);
    const link = toast.querySelector<HTMLAnchorElement>('.tt-toast-join')!;
    // jsdom does not navigate; the click handler is what is under test.
    link.addEventListener('click', (event) => event.preventDefault());
    link.click();
    expect(markJoined).toHaveBeenCalledWith('sr1');
  });
});
