// Each e2e file boots the app, its own sandbox and a database; a slow CI machine needs the room.
jest.setTimeout(30_000);
