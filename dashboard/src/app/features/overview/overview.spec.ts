import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import { Session } from '../../core/auth/session';
import { SESSION_STORAGE } from '../../core/browser-storage';
import { ADMIN, authSession } from '../../testing/fixtures';
import { MemoryStorage } from '../../testing/memory-storage';
import Overview from './overview';

describe('Overview page', () => {
  async function open() {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideApiConfiguration(''),
        provideRouter([]),
        { provide: SESSION_STORAGE, useValue: new MemoryStorage() },
      ],
    });
    TestBed.inject(Session).start(authSession({ ...ADMIN, name: 'Grace Hopper' }, 'token'));
    const fixture = TestBed.createComponent(Overview);
    // Not whenStable(): it would wait for the health check the test has yet to answer.
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    const element: HTMLElement = fixture.nativeElement;
    return {
      http,
      element,
      async settle() {
        await fixture.whenStable();
        fixture.detectChanges();
      },
    };
  }

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('greets the signed-in user and shows their account from the session', async () => {
    const { element, http, settle } = await open();
    http.expectOne('/api/health/ready').flush('');
    await settle();

    expect(element.querySelector('h1')?.textContent).toContain('Grace Hopper');
    expect(element.querySelector('dl')?.textContent).toContain('+15550100000');
  });

  it('reports the API operational when the readiness probe succeeds', async () => {
    const { element, http, settle } = await open();

    http.expectOne('/api/health/ready').flush('');
    await vi.waitFor(async () => {
      await settle();
      expect(element.querySelector('.status')?.textContent).toContain('operational');
    });
  });

  it('shows the API’s explanation when it is degraded', async () => {
    const { element, http, settle } = await open();

    http.expectOne('/api/health/ready').flush(
      JSON.stringify({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The database is down',
      }),
      { status: 503, statusText: 'Service Unavailable' },
    );
    await vi.waitFor(async () => {
      await settle();
      expect(element.querySelector('.status')?.textContent).toContain('degraded');
    });
    expect(element.querySelector('.status-detail')?.textContent).toContain('The database is down');
  });
});
