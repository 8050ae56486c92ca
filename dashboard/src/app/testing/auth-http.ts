import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { EnvironmentProviders, Provider } from '@angular/core';
import { provideApiConfiguration } from '../api/api-configuration';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { SESSION_STORAGE } from '../core/browser-storage';

/**
 * The dashboard's own HTTP stack, auth interceptor included, in front of HttpTestingController:
 * API paths from the root, and `storage` standing in for the tab's sessionStorage so a test can
 * seed or read the session.
 */
export function provideAuthHttpTesting(storage: Storage): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(withInterceptors([authInterceptor])),
    provideHttpClientTesting(),
    provideApiConfiguration(''),
    { provide: SESSION_STORAGE, useValue: storage },
  ];
}
