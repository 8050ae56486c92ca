import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../../api/api-configuration';
import type { MenuItemDto } from '../../../api/models';
import { listPage, problem } from '../../../testing/fixtures';
import MenuPage from './menu-page';

const PIZZA: MenuItemDto = {
  id: 'm1',
  name: 'Margherita pizza',
  description: 'San Marzano tomatoes, fior di latte, basil',
  priceCents: 1150,
  prepMinutes: 12,
  available: true,
  category: 'Pizza',
};
const TIRAMISU: MenuItemDto = {
  ...PIZZA,
  id: 'm2',
  name: 'Tiramisu',
  description: '',
  priceCents: 650,
  prepMinutes: 3,
  category: 'Dessert',
  available: false,
};

describe('Menu page', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  async function open(items: MenuItemDto[] = [PIZZA, TIRAMISU]) {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')],
    });
    const fixture = TestBed.createComponent(MenuPage);
    const http = TestBed.inject(HttpTestingController);
    const element: HTMLElement = fixture.nativeElement;
    const settle = async () => {
      await fixture.whenStable();
      fixture.detectChanges();
    };
    const list = http.expectOne((req) => req.url === '/api/menu' && req.method === 'GET');
    expect(list.request.params.get('includeUnavailable')).toBe('true');
    expect(list.request.params.get('limit')).toBe('100');
    list.flush(listPage(items));
    await settle();
    const row = (name: string) => element.querySelector<HTMLElement>(`tr[aria-label="${name}"]`)!;
    const input = (id: string) => element.querySelector<HTMLInputElement>(`#${id}`)!;
    const type = (field: HTMLInputElement, value: string) => {
      field.value = value;
      field.dispatchEvent(new Event('input'));
    };
    const addButton = () => [...element.querySelectorAll('button')].find((b) => b.textContent?.includes('Add item'))!;
    return { http, element, settle, row, input, type, addButton };
  }

  it('lists every item, switched-off ones included, by category with prices in pounds', async () => {
    const { element, row } = await open();

    const names = [...element.querySelectorAll('.item-name')].map((el) => el.textContent);
    expect(names).toEqual(['Tiramisu', 'Margherita pizza']);
    expect(row('Margherita pizza').querySelector<HTMLInputElement>('input')!.value).toBe('11.50');
    expect(row('Tiramisu').querySelector('[role="switch"]')!.getAttribute('aria-checked')).toBe('false');
    expect(element.querySelector('.subtitle')?.textContent).toContain('2 items · 1 available');
  });

  it("follows the menu's pages until the last one, so a long menu is listed whole", async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')],
    });
    const fixture = TestBed.createComponent(MenuPage);
    const http = TestBed.inject(HttpTestingController);
    const first = http.expectOne((req) => req.url === '/api/menu' && !req.params.has('cursor'));
    first.flush(listPage([PIZZA], 'after-pizza'));
    const second = await vi.waitFor(() =>
      http.expectOne((req) => req.url === '/api/menu' && req.params.get('cursor') === 'after-pizza'),
    );
    expect(second.request.params.get('includeUnavailable')).toBe('true');
    second.flush(listPage([TIRAMISU]));
    await vi.waitFor(async () => {
      await fixture.whenStable();
      fixture.detectChanges();
      expect(fixture.nativeElement.querySelector('.subtitle')?.textContent).toContain('2 items · 1 available');
    });
  });

  it('switches an item off with its toggle', async () => {
    const { http, row, settle } = await open();

    row('Margherita pizza').querySelector<HTMLButtonElement>('[role="switch"]')!.click();
    const patch = http.expectOne('/api/menu/m1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ available: false });
    patch.flush({ ...PIZZA, available: false });
    await settle();

    expect(row('Margherita pizza').querySelector('[role="switch"]')!.getAttribute('aria-checked')).toBe('false');
  });

  it('saves a new price in cents when Enter is pressed, and refuses one that is not a price', async () => {
    const { http, row, settle } = await open();
    const price = row('Margherita pizza').querySelector<HTMLInputElement>('input')!;

    price.value = 'twelve';
    price.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle();
    http.expectNone('/api/menu/m1');
    expect(row('Margherita pizza').querySelector('.field-error')?.textContent).toContain('Enter a price like 11.50');

    price.value = '12.5';
    price.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    const patch = http.expectOne('/api/menu/m1');
    expect(patch.request.body).toEqual({ priceCents: 1250 });
    patch.flush({ ...PIZZA, priceCents: 1250 });
    await settle();

    expect(row('Margherita pizza').querySelector('.field-error')).toBeNull();
    expect(price.value).toBe('12.50');
  });

  it('adds an item and lists it', async () => {
    const { http, input, type, addButton, settle, row } = await open();

    type(input('new-name'), '  Garlic bread ');
    type(input('new-category'), 'Sides');
    type(input('new-price'), '£4.5');
    addButton().click();
    const post = http.expectOne((req) => req.url === '/api/menu' && req.method === 'POST');
    expect(post.request.body).toEqual({
      name: 'Garlic bread',
      category: 'Sides',
      priceCents: 450,
      available: true,
    });
    post.flush({ ...PIZZA, id: 'm3', name: 'Garlic bread', category: 'Sides', priceCents: 450 });
    await settle();

    expect(row('Garlic bread')).not.toBeNull();
    expect(input('new-name').value).toBe('');
  });

  it('shows what is missing next to the fields without asking the API', async () => {
    const { element, input, type, addButton, settle } = await open();

    type(input('new-price'), '4,555');
    addButton().click();
    await settle();

    expect(element.querySelector('#new-name-error')?.textContent).toContain('Give the item a name');
    expect(element.querySelector('#new-price-error')?.textContent).toContain('Enter a price like 11.50');
    expect(input('new-price').getAttribute('aria-describedby')).toBe('new-price-error');
  });

  it('puts the API’s duplicate-name conflict next to the name field', async () => {
    const { http, element, input, type, addButton, settle } = await open();

    type(input('new-name'), 'Margherita pizza');
    type(input('new-price'), '9');
    addButton().click();
    http
      .expectOne((req) => req.method === 'POST')
      .flush(problem(409, 'menu-item-exists', 'A menu item with this name already exists'), {
        status: 409,
        statusText: 'Conflict',
      });
    await settle();

    expect(element.querySelector('#new-name-error')?.textContent).toContain(
      'A menu item with this name already exists',
    );
  });

  it('deletes an item only after the second click confirms it', async () => {
    const { http, element, row, settle } = await open();

    row('Tiramisu').querySelector<HTMLButtonElement>('[aria-label="Delete Tiramisu"]')!.click();
    await settle();
    http.expectNone('/api/menu/m2');
    const confirm = [...row('Tiramisu').querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Delete Tiramisu?'),
    )!;
    confirm.click();
    const request = http.expectOne('/api/menu/m2');
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(element.querySelector('tr[aria-label="Tiramisu"]')).toBeNull();
  });
});
