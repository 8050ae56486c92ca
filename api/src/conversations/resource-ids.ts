import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/database/duplicate-key.js';
import { VonageResource } from './schemas/vonage-resource.schema.js';

/** Remembered transport ids by key. Writes are idempotent: the first id stored for a key stays. */
@Injectable()
export class ResourceIds {
  constructor(@InjectModel(VonageResource.name) private readonly resources: Model<VonageResource>) {}

  async get(key: string): Promise<string | null> {
    const found = await this.resources.findOne({ key }).lean().exec();
    return found?.vonageId ?? null;
  }

  async remember(key: string, vonageId: string): Promise<void> {
    try {
      await this.resources.updateOne({ key }, { $setOnInsert: { key, vonageId } }, { upsert: true }).exec();
    } catch (error) {
      // Another instance stored it at the same moment: theirs is the same resource.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async forget(key: string): Promise<void> {
    await this.resources.deleteOne({ key }).exec();
  }
}
