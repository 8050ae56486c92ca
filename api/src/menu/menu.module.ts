import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MenuController } from './menu.controller.js';
import { MenuService } from './menu.service.js';
import { MenuSeeder } from './menu-seeder.js';
import { MenuItem, MenuItemSchema } from './schemas/menu-item.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: MenuItem.name, schema: MenuItemSchema }])],
  controllers: [MenuController],
  providers: [MenuService, MenuSeeder],
  exports: [MenuService],
})
export class MenuModule {}
