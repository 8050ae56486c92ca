// Identities and data for the contract suite, through the public API only (so it works against any
// deployment): a signed-in staff member, a signed-in customer, and realistic menu items and orders.
// Sign-in codes come from the Vonage sandbox's Verify inbox (GET /_sandbox/verify?to=<phone>);
// against a deployment without a sandbox, give tokens instead (TABLETALK_STAFF_TOKEN,
// TABLETALK_CUSTOMER_TOKEN) or run it with VERIFY_ENABLED=false.
const env = process.env;

async function call(base, method, path, body, token) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return json;
}

async function codeFor(sandboxUrl, phone, seenBefore) {
  if (!sandboxUrl)
    throw new Error(
      'sign-in asks for a code and no sandbox inbox is known: set TABLETALK_SANDBOX_URL, or TABLETALK_*_TOKEN',
    );
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const inbox = await (await fetch(`${sandboxUrl}/_sandbox/verify?to=${encodeURIComponent(phone)}`)).json();
    if (inbox.length > seenBefore) return inbox[inbox.length - 1].code;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no Verify code reached ${phone}`);
}

async function inboxSize(sandboxUrl, phone) {
  if (!sandboxUrl) return 0;
  const response = await fetch(`${sandboxUrl}/_sandbox/verify?to=${encodeURIComponent(phone)}`);
  return response.ok ? (await response.json()).length : 0;
}

/** Password sign-in, finishing the two-factor step with the code from the sandbox inbox. */
async function passwordSignIn(api, sandboxUrl, email, password, phone) {
  const seen = await inboxSize(sandboxUrl, phone);
  // The API seeds its first admin just after it starts answering: retry a 401 for a while.
  let answer;
  for (let attempt = 0; ; attempt++) {
    try {
      answer = await call(api, 'POST', '/api/auth/login', { email, password });
      break;
    } catch (error) {
      if (attempt >= 40 || !/answered 401/.test(error.message)) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (answer.accessToken) return answer.accessToken;
  const code = await codeFor(sandboxUrl, phone, seen);
  return (await call(api, 'POST', '/api/auth/verify', { verifyToken: answer.verifyToken, code })).accessToken;
}

export async function signIn(api, sandboxUrl) {
  const staff =
    env.TABLETALK_STAFF_TOKEN ??
    (await passwordSignIn(
      api,
      sandboxUrl,
      env.TABLETALK_STAFF_EMAIL ?? 'admin@tabletalk.local',
      env.TABLETALK_STAFF_PASSWORD ?? 'TableTalk!2026',
      env.TABLETALK_STAFF_PHONE ?? '+15550100000',
    ));
  let customer = env.TABLETALK_CUSTOMER_TOKEN;
  if (!customer) {
    // A fresh customer per run: a realistic account with a verified phone.
    const suffix = String(Date.now()).slice(-7);
    const account = {
      email: `contract-${suffix}@example.com`,
      password: 'contract-horse-battery',
      name: 'Grace Hopper',
      phone: `+1555${suffix}`,
    };
    await call(api, 'POST', '/api/auth/register', account);
    customer = await passwordSignIn(api, sandboxUrl, account.email, account.password, account.phone);
  }
  return { staff, customer };
}

export async function seed(api, { staff, customer }) {
  const dishes = [
    {
      name: 'Margherita pizza',
      description: 'San Marzano tomatoes, fior di latte, basil',
      priceCents: 1150,
      category: 'Pizza',
    },
    { name: 'Tiramisu', description: 'Mascarpone, espresso, cocoa', priceCents: 650, category: 'Dessert' },
    { name: 'Lemonade', priceCents: 350, category: 'Drinks', available: true },
  ];
  // The API may seed a starter menu (and a deployment has its own): add only what is missing.
  const existing = [];
  let cursor = null;
  do {
    const page = await call(
      api,
      'GET',
      `/api/menu?includeUnavailable=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      undefined,
      staff,
    );
    existing.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const menu = [];
  for (const dish of dishes) {
    menu.push(existing.find((item) => item.name === dish.name) ?? (await call(api, 'POST', '/api/menu', dish, staff)));
  }
  const orders = [];
  for (let i = 0; i < 3; i++) {
    orders.push(
      await call(
        api,
        'POST',
        '/api/orders',
        { items: [{ menuItemId: menu[i % menu.length].id, quantity: i + 1, note: 'No basil, please' }] },
        customer,
      ),
    );
  }
  await call(api, 'PATCH', `/api/orders/${orders[0].id}/status`, { status: 'preparing' }, staff);
  return {
    menu: menu.length,
    orders: orders.length,
    orderIds: orders.map((o) => o.id),
    menuIds: menu.map((m) => m.id),
  };
}
