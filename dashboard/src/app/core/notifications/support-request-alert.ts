/** A `custom:support_request` event, checked: nothing from the wire is trusted as it comes. */
export interface SupportRequestAlert {
  supportRequestId: string;
  orderId: string;
  orderNumber: number;
  email: string;
  /** Where staff join the video call; always an http(s) URL. */
  hostUrl: string;
}

/**
 * Reads the event body the API pushes ({host_url, email, order_id, order_number,
 * support_request_id}); null when anything is missing or the link is not a plain web address
 * (a `javascript:` link must never reach an href).
 */
export function parseSupportRequest(body: unknown): SupportRequestAlert | null {
  if (typeof body !== 'object' || body === null) return null;
  const fields = body as Record<string, unknown>;
  const { host_url, email, order_id, order_number, support_request_id } = fields;
  if (
    typeof host_url !== 'string' ||
    typeof email !== 'string' ||
    typeof order_id !== 'string' ||
    typeof support_request_id !== 'string' ||
    typeof order_number !== 'number' ||
    !Number.isInteger(order_number) ||
    !isWebUrl(host_url)
  ) {
    return null;
  }
  return {
    supportRequestId: support_request_id,
    orderId: order_id,
    orderNumber: order_number,
    email,
    hostUrl: host_url,
  };
}

export function isWebUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
