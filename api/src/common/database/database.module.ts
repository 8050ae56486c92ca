import { type BeforeApplicationShutdown, Logger, Module } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DatabaseConfig, databaseConfig } from '../../config/configuration.js';

const logger = new Logger('Database');

/**
 * Connections whose app is shutting down. Marked before Nest closes them (onApplicationShutdown):
 * a close while an attempt is in flight emits no 'close', and that attempt's failure used to
 * schedule another one, which opened a new client after the app was gone.
 */
const shuttingDown = new WeakSet<Connection>();

/** Pause between attempts to make the first connection when the database was not there at start. */
const INITIAL_RETRY_MS = 2000;

/**
 * Connects lazily so the API starts (and answers /health/live) while the database is late;
 * /health/ready reports it. While the database is unreachable a query waits at most the server
 * selection timeout (in mongoose's buffer or the driver's server selection), then fails, and the
 * problem filter answers 503 `database-unavailable` instead of a 500 after a long wait.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (db: DatabaseConfig) => {
        const options = {
          serverSelectionTimeoutMS: db.serverSelectionTimeoutMS,
          connectTimeoutMS: db.serverSelectionTimeoutMS,
          // A query waits for a (re)connection at most this long, then fails (503) instead of waiting 10 s.
          bufferTimeoutMS: db.serverSelectionTimeoutMS,
          // Filters built from request input can never smuggle in query operators.
          sanitizeFilter: true,
        };
        return {
          uri: db.uri,
          lazyConnection: true,
          ...options,
          connectionFactory: (connection: Connection) => {
            connection.on('connected', () => logger.log('connected'));
            connection.on('disconnected', () => logger.warn('disconnected'));
            // The initial connect is not awaited by Nest in lazy mode; an unobserved
            // rejection would crash the process, so log it and let the driver keep trying.
            // A failed first connect closes the driver's client, so try again until it succeeds.
            const retry = (error: Error) => {
              // The app is shutting down: a new client now would outlive it (and its shutdown).
              if (shuttingDown.has(connection)) return;
              logger.error(`initial connection failed, retrying in ${INITIAL_RETRY_MS} ms: ${error.message}`);
              setTimeout(() => {
                // mongoose's ConnectionStates is no named export under ESM: its numbers (0 = disconnected).
                if (!shuttingDown.has(connection) && Number(connection.readyState) === 0)
                  connection.openUri(db.uri, { ...options }).catch(retry);
              }, INITIAL_RETRY_MS).unref();
            };
            connection.asPromise().catch(retry);
            return connection;
          },
        };
      },
    }),
  ],
})
export class DatabaseModule implements BeforeApplicationShutdown {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  beforeApplicationShutdown(): void {
    shuttingDown.add(this.connection);
  }
}
