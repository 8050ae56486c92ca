import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, trusted, Types } from 'mongoose';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { decodeSortKey, encodeSortKey } from '../common/validation/cursor-page.js';
import { CreateMenuItemDto } from './dto/create-menu-item.dto.js';
import { MenuItemDto, MenuItemPageDto } from './dto/menu-item.dto.js';
import { MenuQueryDto } from './dto/menu-query.dto.js';
import { UpdateMenuItemDto } from './dto/update-menu-item.dto.js';
import { MenuItem, MenuItemDocument } from './schemas/menu-item.schema.js';

@Injectable()
export class MenuService {
  constructor(@InjectModel(MenuItem.name) private readonly items: Model<MenuItem>) {}

  /**
   * The menu by category, then name (the order readers show it in), a page at a time. The cursor
   * is the last item's whole sort key (category, name, id), so the next page starts strictly after
   * it: items added meanwhile never shift a page (nothing repeats, nothing that existed is skipped).
   */
  async list(query: MenuQueryDto = {}): Promise<MenuItemPageDto> {
    const filter: Record<string, unknown> = query.includeUnavailable === 'true' ? {} : { available: true };
    const limit = query.limit ?? 20;
    const page = query.cursor ? 1 : (query.page ?? 1);
    let pageFilter = filter;
    if (query.cursor) {
      const [category, name, id] = decodeSortKey(query.cursor, ['string', 'string', 'objectId']);
      // Each operator object is trusted on its own: the connection sanitises filters (sanitizeFilter).
      pageFilter = {
        ...filter,
        $or: [
          { category: trusted({ $gt: category }) },
          { category, name: trusted({ $gt: name }) },
          { category, name, _id: trusted({ $gt: id }) },
        ],
      };
    }
    const [items, total] = await Promise.all([
      // One more than asked tells whether another page follows.
      this.items
        .find(pageFilter)
        .sort({ category: 1, name: 1, _id: 1 })
        .skip(query.cursor ? 0 : (page - 1) * limit)
        .limit(limit + 1)
        .exec(),
      this.items.countDocuments(filter).exec(),
    ]);
    const slice = items.slice(0, limit);
    const last = slice[slice.length - 1];
    const nextCursor = items.length > limit ? encodeSortKey([last.category, last.name, last._id]) : null;
    return { items: slice.map(toDto), page, limit, total, nextCursor };
  }

  /** The items with these ids, as they are now (ordering prices them from here). */
  async findByIds(ids: string[]): Promise<MenuItemDto[]> {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    const items = await this.items.find({ _id: trusted({ $in: valid }) }).exec();
    return items.map(toDto);
  }

  async create(input: CreateMenuItemDto): Promise<MenuItemDto> {
    try {
      return toDto(await this.items.create(input));
    } catch (error) {
      throw duplicateName(error);
    }
  }

  async update(id: string, changes: UpdateMenuItemDto): Promise<MenuItemDto> {
    try {
      const item = await this.items
        .findByIdAndUpdate(id, { $set: changes }, { returnDocument: 'after', runValidators: true })
        .exec();
      if (!item) throw new NotFoundException({ type: 'menu-item-not-found', message: 'No menu item with this id' });
      return toDto(item);
    } catch (error) {
      throw duplicateName(error);
    }
  }

  /** Orders keep their own copy of name and price, so removing an item never changes history. */
  async remove(id: string): Promise<void> {
    const result = await this.items.deleteOne({ _id: id }).exec();
    if (result.deletedCount === 0)
      throw new NotFoundException({ type: 'menu-item-not-found', message: 'No menu item with this id' });
  }

  async isEmpty(): Promise<boolean> {
    return (await this.items.estimatedDocumentCount().exec()) === 0;
  }

  async seed(items: CreateMenuItemDto[]): Promise<void> {
    await this.items.insertMany(items, { ordered: false }).catch((error: { code?: number }) => {
      // Another instance seeded at the same time: the unique names kept it to one copy.
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
}

function toDto(item: MenuItemDocument): MenuItemDto {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    priceCents: item.priceCents,
    prepMinutes: item.prepMinutes ?? 10,
    available: item.available,
    category: item.category,
  };
}

function duplicateName(error: unknown): unknown {
  return isDuplicateKeyError(error)
    ? new ConflictException({ type: 'menu-item-exists', message: 'A menu item with this name already exists' })
    : error;
}
