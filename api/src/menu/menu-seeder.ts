import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { StartupSeeder } from '../common/database/startup-seeder.js';
import { CreateMenuItemDto } from './dto/create-menu-item.dto.js';
import { MenuService } from './menu.service.js';

export const STARTER_MENU: CreateMenuItemDto[] = [
  {
    name: 'Margherita pizza',
    description: 'San Marzano tomatoes, fior di latte, basil',
    priceCents: 1150,
    prepMinutes: 12,
    category: 'Pizza',
  },
  {
    name: 'Diavola pizza',
    description: 'Spicy salami, chilli honey, mozzarella',
    priceCents: 1350,
    prepMinutes: 12,
    category: 'Pizza',
  },
  {
    name: 'Burrata salad',
    description: 'Heirloom tomatoes, burrata, basil oil',
    priceCents: 950,
    prepMinutes: 6,
    category: 'Starters',
  },
  {
    name: 'Garlic focaccia',
    description: 'Rosemary, sea salt, confit garlic',
    priceCents: 550,
    prepMinutes: 8,
    category: 'Starters',
  },
  {
    name: 'Tagliatelle ragù',
    description: 'Slow-cooked beef and pork ragù',
    priceCents: 1450,
    prepMinutes: 15,
    category: 'Pasta',
  },
  {
    name: 'Tiramisu',
    description: 'Mascarpone, espresso, cocoa',
    priceCents: 700,
    prepMinutes: 3,
    category: 'Desserts',
  },
  {
    name: 'Sparkling lemonade',
    description: 'House-made, with mint',
    priceCents: 400,
    prepMinutes: 2,
    category: 'Drinks',
  },
];

/** Gives a new restaurant a menu to order from on first start. */
@Injectable()
export class MenuSeeder extends StartupSeeder {
  protected readonly logger = new Logger(MenuSeeder.name);

  constructor(
    private readonly menu: MenuService,
    @InjectConnection() connection: Connection,
  ) {
    super(connection);
  }

  protected async seedOnce(): Promise<void> {
    if (await this.menu.isEmpty()) {
      await this.menu.seed(STARTER_MENU);
      this.logger.log(`seeded a starter menu of ${STARTER_MENU.length} items`);
    }
  }
}
