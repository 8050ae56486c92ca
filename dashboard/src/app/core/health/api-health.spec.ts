import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../api/api-configuration';
import { ApiHealth } from './api-health';

describe('ApiHealth', () => {
  function setup() {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')],
    });
    return { health: TestBed.inject(ApiHealth), http: TestBed.inject(HttpTestingController) };
  }

  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
  });

  it('reports the API operational when its readiness probe answers 200', async () => {
    const { health, http } = setup();

    const report = health.check();
    http.expectOne('/api/health/ready').flush('{"status":"ok"}');

    expect(await report).toMatchObject({ state: 'operational' });
  });

  it('reports degraded with the API’s own explanation when a dependency is down', async () => {
    const { health, http } = setup();

    const report = health.check();
    http.expectOne('/api/health/ready').flush(
      JSON.stringify({
        type: 'https://tabletalk.dev/problems/service-unavailable',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The database is not reachable',
      }),
      { status: 503, statusText: 'Service Unavailable' },
    );

    expect(await report).toMatchObject({
      state: 'degraded',
      detail: 'The database is not reachable',
    });
  });

  it('reports unreachable when no answer comes back at all', async () => {
    const { health, http } = setup();

    const report = health.check();
    http.expectOne('/api/health/ready').error(new ProgressEvent('error'));

    expect(await report).toMatchObject({ state: 'unreachable' });
  });
});
