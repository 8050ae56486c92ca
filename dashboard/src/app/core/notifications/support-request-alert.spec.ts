import { parseSupportRequest } from './support-request-alert';

describe('parseSupportRequest', () => {
  const body = {
    host_url: 'https://meetings.example.com/host/abc',
    email: 'ada@example.com',
    order_id: 'o1',
    order_number: 42,
    support_request_id: 'sr1',
  };

  it('reads the event body the API pushes', () => {
    expect(parseSupportRequest(body)).toEqual({
      hostUrl: 'https://meetings.example.com/host/abc',
      email: 'ada@example.com',
      orderId: 'o1',
      orderNumber: 42,
      supportRequestId: 'sr1',
    });
  });

  it.each([
    ['a javascript: link', { ...body, host_url: 'javascript:alert(1)' }],
    ['a data: link', { ...body, host_url: 'data:text/html,<script>alert(1)</script>' }],
    ['no link', { ...body, host_url: undefined }],
    ['an order number that is text', { ...body, order_number: '42' }],
    ['no email', { ...body, email: 7 }],
    ['no body at all', null],
  ])('refuses %s', (_case, candidate) => {
    expect(parseSupportRequest(candidate)).toBeNull();
  });
});
