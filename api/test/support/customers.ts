import request from 'supertest';

/** A customer account made through the public API, signed in. */
export interface SignedInCustomer {
  token: string;
  id: string;
}

/**
 * Registers a customer and signs them in (the API's own routes, as a website would). Each needs a phone
 * number of its own: the API keeps one account per phone.
 */
export async function registerCustomer(
  url: string,
  customer: { email: string; name: string; phone: string; password?: string },
): Promise<SignedInCustomer> {
  const password = customer.password ?? 'customer-password';
  await request(url)
    .post('/api/auth/register')
    .send({ email: customer.email, password, name: customer.name, phone: customer.phone })
    .expect(201);
  const session = (await request(url).post('/api/auth/login').send({ email: customer.email, password }).expect(200))
    .body as { accessToken: string; user: { id: string } };
  return { token: session.accessToken, id: session.user.id };
}
