import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import { Role, ROLES } from '../../common/auth/role.js';

@Schema({ collection: 'users', timestamps: true })
export class User {
  @Prop({ required: true, unique: true, lowercase: true, trim: true })
  email: string;

  @Prop({ required: true, trim: true })
  name: string;

  /** E.164, e.g. +15550100000: where Verify codes and order notifications go. */
  @Prop({ required: true })
  phone: string;

  @Prop({ type: String, required: true, enum: ROLES, default: 'customer' })
  role: Role;

  @Prop({ required: true })
  passwordHash: string;

  createdAt: Date;
  updatedAt: Date;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);
