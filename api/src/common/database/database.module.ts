import { Logger, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { databaseConfig, DatabaseConfig } from '../../config/configuration.js';

const logger = new Logger('Database');

/**
 * Connects lazily so the API starts (and answers /health/live) while the database is late;
 * /health/ready reports it, and queries wait in mongoose's buffer until it arrives.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (db: DatabaseConfig) => ({
        uri: db.uri,
        lazyConnection: true,
        serverSelectionTimeoutMS: db.serverSelectionTimeoutMS,
        // Filters built from request input can never smuggle in query operators.
        sanitizeFilter: true,
        connectionFactory: (connection: Connection) => {
          connection.on('connected', () => logger.log('connected'));
          connection.on('disconnected', () => logger.warn('disconnected'));
          // The initial connect is not awaited by Nest in lazy mode; an unobserved
          // rejection would crash the process, so log it and let the driver keep trying.
          connection.asPromise().catch((error: Error) => logger.error(`initial connection failed: ${error.message}`));
          return connection;
        },
      }),
    }),
  ],
})
export class DatabaseModule {}
