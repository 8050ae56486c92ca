import { randomInt, randomUUID } from 'node:crypto';
import { iso } from '../validation.js';

export type VerifyChannel = 'sms' | 'whatsapp' | 'whatsapp_interactive' | 'voice' | 'email';
export type StepStatus = 'unused' | 'in_progress' | 'completed' | 'failed' | 'expired' | 'cancelled';
export type RequestStatus = 'pending' | 'completed' | 'failed' | 'expired' | 'cancelled';

export interface VerifyStep {
  channel: VerifyChannel;
  to: string;
  from?: string;
  status: StepStatus;
  initiatedAt?: number;
}

export interface VerifyRequest {
  requestId: string;
  brand: string;
  locale: string;
  clientRef?: string;
  code: string;
  codeLength: number;
  channelTimeout: number;
  workflow: VerifyStep[];
  currentStep: number;
  attempts: number;
  status: RequestStatus;
  createdAt: number;
  finalizedAt?: number;
}

export interface NewVerifyRequest {
  brand: string;
  locale?: string;
  clientRef?: string;
  code?: string;
  codeLength?: number;
  channelTimeout?: number;
  workflow: { channel: VerifyChannel; to: string; from?: string }[];
}

/** Outcome of a code check, mapped to HTTP by the routes. */
export type CheckResult =
  | { outcome: 'completed' }
  | { outcome: 'wrong-code'; attemptsLeft: number }
  | { outcome: 'too-many-attempts' }
  | { outcome: 'expired' }
  | { outcome: 'not-found' };

export interface VerifyStoreOptions {
  now: () => number;
  maxAttempts: number;
  /** Overrides each request's channel_timeout, in seconds. */
  codeTtlSeconds?: number;
}

/** Verify v2 requests kept in memory. Time-based state (step timeouts, expiry) is worked out on read. */
export class VerifyStore {
  private readonly requests = new Map<string, VerifyRequest>();

  constructor(private readonly options: VerifyStoreOptions) {}

  reset(): void {
    this.requests.clear();
  }

  /** The pending request already verifying one of these recipients, if any (Vonage refuses concurrent ones). */
  findConcurrent(recipients: string[]): VerifyRequest | undefined {
    return this.all().find((r) => r.status === 'pending' && r.workflow.some((step) => recipients.includes(step.to)));
  }

  create(input: NewVerifyRequest): VerifyRequest {
    const now = this.options.now();
    const codeLength = input.codeLength ?? 4;
    const code = input.code ?? Array.from({ length: codeLength }, () => randomInt(10)).join('');
    const request: VerifyRequest = {
      requestId: randomUUID(),
      brand: input.brand,
      locale: input.locale ?? 'en-us',
      clientRef: input.clientRef,
      code,
      codeLength: code.length,
      channelTimeout: this.options.codeTtlSeconds ?? input.channelTimeout ?? 300,
      workflow: input.workflow.map((step, index) => ({
        ...step,
        status: index === 0 ? 'in_progress' : 'unused',
        initiatedAt: index === 0 ? now : undefined,
      })),
      currentStep: 0,
      attempts: 0,
      status: 'pending',
      createdAt: now,
    };
    this.requests.set(request.requestId, request);
    return request;
  }

  get(requestId: string): VerifyRequest | undefined {
    const request = this.requests.get(requestId);
    if (request) this.advanceClock(request);
    return request;
  }

  all(): VerifyRequest[] {
    const requests = [...this.requests.values()];
    requests.forEach((r) => this.advanceClock(r));
    return requests;
  }

  check(requestId: string, code: string): CheckResult {
    const request = this.get(requestId);
    if (!request || request.status === 'completed' || request.status === 'cancelled') return { outcome: 'not-found' };
    if (request.status === 'expired') return { outcome: 'expired' };
    if (request.status === 'failed') return { outcome: 'too-many-attempts' };
    const step = request.workflow[request.currentStep];
    if (code === request.code) {
      step.status = 'completed';
      this.finalize(request, 'completed');
      return { outcome: 'completed' };
    }
    request.attempts += 1;
    if (request.attempts >= this.options.maxAttempts) {
      step.status = 'failed';
      this.finalize(request, 'failed');
      return { outcome: 'too-many-attempts' };
    }
    return { outcome: 'wrong-code', attemptsLeft: this.options.maxAttempts - request.attempts };
  }

  cancel(requestId: string): boolean {
    const request = this.get(requestId);
    if (request?.status !== 'pending') return false;
    request.workflow.forEach((step) => {
      if (step.status === 'in_progress' || step.status === 'unused') step.status = 'cancelled';
    });
    this.finalize(request, 'cancelled');
    return true;
  }

  /** Moves a pending request to its next workflow step; 'last-step' when there is none. */
  nextWorkflow(requestId: string): 'moved' | 'not-found' | 'last-step' {
    const request = this.get(requestId);
    if (request?.status !== 'pending') return 'not-found';
    if (request.currentStep + 1 >= request.workflow.length) return 'last-step';
    request.workflow[request.currentStep].status = 'expired';
    this.startStep(request, request.currentStep + 1, this.options.now());
    return 'moved';
  }

  /** When the current step's channel_timeout elapsed, Vonage moves on to the next step or expires the request. */
  private advanceClock(request: VerifyRequest): void {
    const now = this.options.now();
    while (request.status === 'pending') {
      const step = request.workflow[request.currentStep];
      const deadline = (step.initiatedAt ?? request.createdAt) + request.channelTimeout * 1000;
      if (now < deadline) return;
      step.status = 'expired';
      if (request.currentStep + 1 < request.workflow.length) this.startStep(request, request.currentStep + 1, deadline);
      else this.finalize(request, 'expired', deadline);
    }
  }

  private startStep(request: VerifyRequest, index: number, at: number): void {
    request.currentStep = index;
    request.workflow[index].status = 'in_progress';
    request.workflow[index].initiatedAt = at;
  }

  private finalize(request: VerifyRequest, status: RequestStatus, at = this.options.now()): void {
    request.status = status;
    request.finalizedAt = at;
  }

  /** When the request expires if nobody checks a code: end of the last step's timeout from the current step. */
  expiresAt(request: VerifyRequest): number {
    const step = request.workflow[request.currentStep];
    const remainingSteps = request.workflow.length - request.currentStep;
    return (step.initiatedAt ?? request.createdAt) + remainingSteps * request.channelTimeout * 1000;
  }
}

/** The inspection view of a request (not a Vonage shape). */
export function describeVerifyRequest(request: VerifyRequest, store: VerifyStore) {
  const step = request.workflow[request.currentStep];
  return {
    request_id: request.requestId,
    to: step.to,
    channel: step.channel,
    brand: request.brand,
    code: request.code,
    code_length: request.codeLength,
    status: request.status,
    attempts: request.attempts,
    locale: request.locale,
    client_ref: request.clientRef ?? null,
    channel_timeout: request.channelTimeout,
    workflow: request.workflow.map((s) => ({
      channel: s.channel,
      to: s.to,
      from: s.from ?? null,
      status: s.status,
      initiated_at: s.initiatedAt === undefined ? null : iso(s.initiatedAt),
    })),
    created_at: iso(request.createdAt),
    expires_at: request.status === 'pending' ? iso(store.expiresAt(request)) : null,
    finalized_at: request.finalizedAt === undefined ? null : iso(request.finalizedAt),
  };
}
