import { TestBed } from '@angular/core/testing';
import { Chime } from '../live/chime';
import { SUPPORT_TOASTR, SupportToasts } from './support-toasts';

describe('SupportToasts', () => {
  it('shows one toast (and one chime) per support request, whichever path brings it again', () => {
    const show = vi.fn();
    const play = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        { provide: SUPPORT_TOASTR, useValue: { show } },
        { provide: Chime, useValue: { play } },
      ],
    });
    const toasts = TestBed.inject(SupportToasts);
    const alert = {
      supportRequestId: 'sr1',
      orderId: 'o1',
      orderNumber: 42,
      email: 'a@b.c',
      hostUrl: 'https://x.test/h',
    };
    expect(toasts.show(alert)).toBe(true);
    expect(toasts.show({ ...alert })).toBe(false);
    expect(toasts.show({ ...alert, supportRequestId: 'sr2' })).toBe(true);
    expect(show).toHaveBeenCalledTimes(2);
    expect(play).toHaveBeenCalledTimes(2);
  });
});
