import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Api } from '../../../api/api';
import { menuList } from '../../../api/fn/menu/menu-list';
import { menuRemove } from '../../../api/fn/menu/menu-remove';
import { menuUpdate } from '../../../api/fn/menu/menu-update';
import type { MenuItemDto, UpdateMenuItemDto } from '../../../api/models';
import { allPages, PAGE_LIMIT } from '../../../core/http/all-pages';
import { ApiProblem } from '../../../core/http/api-problem';
import { Icon } from '../../../shared/icon/icon';
import { MoneyPipe } from '../../../shared/money/money.pipe';
import { NewItemForm } from '../new-item-form/new-item-form';
import { parsePrice, PRICE_HINT, priceInput } from '../price';

const byCategoryThenName = (a: MenuItemDto, b: MenuItemDto) =>
  a.category.localeCompare(b.category) || a.name.localeCompare(b.name);

/** Admins keep the menu right: switch dishes on and off, change prices, add and remove items. */
@Component({
  selector: 'tt-menu-page',
  imports: [Icon, MoneyPipe, NewItemForm],
  templateUrl: './menu-page.html',
  styleUrl: './menu-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class MenuPage {
  private readonly api = inject(Api);

  protected readonly items = signal<readonly MenuItemDto[]>([]);
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  /** Per item: the last thing that went wrong with it, shown in its row. */
  protected readonly rowErrors = signal<Readonly<Record<string, string>>>({});
  protected readonly saving = signal<ReadonlySet<string>>(new Set());
  /** The item whose Delete was clicked once and now asks for confirmation. */
  protected readonly confirmingDelete = signal<string | null>(null);

  protected readonly sorted = computed(() => [...this.items()].sort(byCategoryThenName));
  protected readonly availableCount = computed(() => this.items().filter((item) => item.available).length);
  protected readonly priceInput = priceInput;

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      this.items.set(
        await allPages((cursor) =>
          this.api.invoke(menuList, { includeUnavailable: 'true', limit: PAGE_LIMIT, cursor }),
        ),
      );
      this.loadError.set(null);
    } catch (error) {
      this.loadError.set(ApiProblem.from(error).detail);
    } finally {
      this.loaded.set(true);
    }
  }

  protected added(item: MenuItemDto): void {
    this.items.update((items) => [...items, item]);
  }

  protected toggleAvailable(item: MenuItemDto): void {
    void this.update(item, { available: !item.available });
  }

  /** Saves a price typed into a row once the field is left or Enter is pressed. */
  protected savePrice(item: MenuItemDto, input: HTMLInputElement): void {
    const priceCents = parsePrice(input.value);
    if (priceCents === null) {
      this.setRowError(item.id, PRICE_HINT);
      return;
    }
    if (priceCents === item.priceCents) {
      this.setRowError(item.id, null);
      input.value = priceInput(priceCents);
      return;
    }
    void this.update(item, { priceCents });
  }

  protected async remove(item: MenuItemDto): Promise<void> {
    this.confirmingDelete.set(null);
    await this.withSaving(item, async () => {
      await this.api.invoke(menuRemove, { id: item.id });
      this.items.update((items) => items.filter((each) => each.id !== item.id));
    });
  }

  protected isSaving(item: MenuItemDto): boolean {
    return this.saving().has(item.id);
  }

  private async update(item: MenuItemDto, body: UpdateMenuItemDto): Promise<void> {
    await this.withSaving(item, async () => {
      const updated = await this.api.invoke(menuUpdate, { id: item.id, body });
      this.items.update((items) => items.map((each) => (each.id === updated.id ? updated : each)));
    });
  }

  private async withSaving(item: MenuItemDto, work: () => Promise<void>): Promise<void> {
    this.saving.update((ids) => new Set(ids).add(item.id));
    this.setRowError(item.id, null);
    try {
      await work();
    } catch (error) {
      const problem = ApiProblem.from(error);
      this.setRowError(item.id, problem.messageFor('priceCents') ?? problem.detail);
    } finally {
      this.saving.update((ids) => {
        const rest = new Set(ids);
        rest.delete(item.id);
        return rest;
      });
    }
  }

  private setRowError(id: string, message: string | null): void {
    this.rowErrors.update((errors) => {
      const { [id]: _previous, ...rest } = errors;
      return message ? { ...rest, [id]: message } : rest;
    });
  }
}
