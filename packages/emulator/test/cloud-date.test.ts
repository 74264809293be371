import { AdminClient, Emulator } from '../src/index.js';

test("every product's answers carry the emulator's clock in Date, so actions judge time by it", async () => {
  const emulator = await Emulator.start();
  try {
    const admin = new AdminClient(emulator.info.endpoints['admin']!, emulator.info.adminToken);
    const { nowMs } = await admin.advanceClock(73 * 3_600_000);
    for (const product of ['oss', 'eas', 'dlc', 'cms', 'sts', 'gateway']) {
      const response = await fetch(`${emulator.info.endpoints[product]}/`);
      await response.arrayBuffer();
      const date = Date.parse(response.headers.get('date') ?? '');
      expect(Math.abs(date - nowMs)).toBeLessThan(5_000);
    }
  } finally {
    await emulator.stop();
  }
});
