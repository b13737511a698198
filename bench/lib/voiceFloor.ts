/**
 * Floor switch time: from the acknowledgement of `floor.give` to the first audio of the new speaker at a
 * listener, embedded (browser to browser) and through Janus (SFU); and the Palabre process's CPU per floor
 * change beside the same commands with nobody on voice.
 *
 * Real browsers (Debian's chromium) speak and listen: two speakers whose fake microphone plays a continuous
 * tone (a WAV written here), one listener (an observer). A round: the floor goes to a speaker, the time is
 * taken when the listener's page sees it (polled every 5 ms in the page), then the turn ends and the round
 * waits for silence. Embedded: "first audio" is the first RTP packet of the new speaker's connection
 * (inbound-rtp packetsReceived); SFU: the mix flows all the time, so it is the first decoded sound
 * (inbound-rtp totalAudioEnergy rising), which also counts the listener's jitter buffer.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { PalabreClient } from '../../client/sdk/palabreClient.js';
import { ADMIN_TOKEN } from '../../test/helpers/constants.js';
import { spawnPalabre } from '../../test/helpers/spawn.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { startJanus } from '../../test/helpers/janus.js';
import { processCpuMs } from '../documents/servers.js';
import { round, summary } from '../stats.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** 10 s of a 440 Hz tone, 48 kHz mono 16-bit PCM: Chromium loops it as its fake microphone. */
async function toneFile(dir: string): Promise<string> {
  const rate = 48_000;
  const samples = rate * 10;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12_000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  const path = join(dir, 'tone.wav');
  await writeFile(path, Buffer.concat([header, data]));
  return path;
}

type Mode = 'embedded' | 'sfu';

/** What the page exposes for measuring (client/app/src/voice): what each inbound stream has received. */
interface VoiceProbe {
  palabreVoice: {
    stats(): Promise<{ inbound: Record<string, { packets: number; energy: number }> }>;
  };
}

/** Waits in the page until the listener gets audio from `from` (embedded) or sound in the mix (SFU); resolves with Date.now() there. */
function onset(page: Page, mode: Mode, from: string): Promise<number> {
  return page.evaluate(
    async ({ mode, from }) => {
      const voice = (window as unknown as VoiceProbe).palabreVoice;
      let last = (await voice.stats()).inbound['room']?.energy ?? 0;
      for (;;) {
        const { inbound } = await voice.stats();
        if (mode === 'embedded' && (inbound[from]?.packets ?? 0) > 0) return Date.now();
        if (mode === 'sfu') {
          const energy = inbound['room']?.energy ?? 0;
          if (energy - last > 1e-5) return Date.now();
          last = energy;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    { mode, from },
  );
}

/**
 * Resolves once the listener hears nothing, with Date.now() in the page when the silence began. Embedded: the
 * connection from `from` is gone (the moment it is seen gone). SFU: the mix's energy stopped rising (the last
 * rise), confirmed by 200 ms without one.
 */
function silence(page: Page, mode: Mode, from: string): Promise<number> {
  return page.evaluate(
    async ({ mode, from }) => {
      const voice = (window as unknown as VoiceProbe).palabreVoice;
      let quietSince = Date.now();
      let last = (await voice.stats()).inbound['room']?.energy ?? 0;
      for (;;) {
        const { inbound } = await voice.stats();
        if (mode === 'embedded' && inbound[from] === undefined) return Date.now();
        if (mode === 'sfu') {
          const energy = inbound['room']?.energy ?? 0;
          if (energy - last > 1e-6) quietSince = Date.now();
          last = energy;
          if (Date.now() - quietSince > 200) return quietSince;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    { mode, from },
  );
}

async function newPage(browser: Browser, url: string, name: string, microphone: boolean): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('voice').waitFor();
  if (microphone) {
    await page.getByTestId('voice-use-mic').click();
    await page.getByTestId('voice-level').waitFor();
  }
  return page;
}

export interface FloorSwitchResult {
  mode: Mode;
  rounds: number;
  /** ms from the floor.give ack to the first audio at the listener. */
  switchMs: ReturnType<typeof summary>;
  /**
   * ms from the turn.end ack to the speaker's silence at the listener (embedded: their connection gone; SFU:
   * the mix's last rise in energy). The "muted within a fraction of a second".
   */
  muteMs: ReturnType<typeof summary>;
  /** CPU of the Palabre process per floor change (give or end), ms. */
  serverCpuMsPerChange: number;
  /** The same commands with nobody on voice (the control plane alone), ms per change. */
  baselineCpuMsPerChange: number;
  /** SFU: Janus' CPU over the rounds, ms per second of wall time (its mixing runs all the time). */
  janusCpuMsPerSecond?: number;
  /** What the speaker's browser uploads per connection while speaking (embedded: one per listener; SFU: one), kbit/s. */
  uplinkKbpsPerConnection?: number;
}

export async function measureFloorSwitch(o: {
  mode: Mode;
  rounds: number;
  warmup?: number;
}): Promise<FloorSwitchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'palabre-bench-voice-'));
  const janus = o.mode === 'sfu' ? await startJanus() : undefined;
  const tone = await toneFile(dir);
  // The server in a process of its own, so that its CPU time is its own (not the browsers' driver's).
  const server = await spawnPalabre({
    LOG_LEVEL: 'warn',
    SERVE_CLIENT: 'true',
    YJS_STORE: 'memory',
    COMMAND_RATE: '1000',
    MEDIA_MODE: o.mode,
    ...(o.mode === 'embedded' ? { ICE_CANDIDATES: 'loopback' } : {}),
    ...(janus ? { JANUS_URL: janus.url, JANUS_API_SECRET: janus.apiSecret } : {}),
  });
  const url = server.url;
  const serverCpuMs = () => processCpuMs(server.child.pid!);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${tone}`,
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
  try {
    const run = async (withVoice: boolean) => {
      const created = await fetch(`${url}/api/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Bench voix',
          agenda: [{ id: 'debate', kind: 'debate', durationSec: 3600, turnSec: 600 }],
          settings: { autoAdvance: false },
        }),
      });
      const { invites } = (await created.json()) as { invites: Record<string, { token: string }> };
      const token = (role: 'facilitator' | 'participant' | 'observer') => invites[role]!.token;
      const invite = (role: 'facilitator' | 'participant' | 'observer') => `${url}/join#${token(role)}`;
      const fac = new PalabreClient({ url, token: token('facilitator'), name: 'F' });
      await fac.connect();
      const speakers: string[] = [];
      let listener: Page | undefined;
      let speakerPage: Page | undefined;
      const sdkClients: PalabreClient[] = [];
      if (withVoice) {
        speakerPage = await newPage(browser, invite('participant'), 'Ana', true);
        await newPage(browser, invite('participant'), 'Ben', true);
        listener = await newPage(browser, invite('observer'), 'Presse', false);
      } else {
        for (const name of ['Ana', 'Ben', 'Presse']) {
          const c = new PalabreClient({
            url,
            token: token(name === 'Presse' ? 'observer' : 'participant'),
            name,
          });
          await c.connect();
          sdkClients.push(c);
        }
      }
      await fac.waitFor((s) => Object.values(s.members).filter((m) => m.connected).length === 4, 30_000);
      for (const name of ['Ana', 'Ben'])
        speakers.push(Object.values(fac.state!.members).find((m) => m.name === name)!.id);
      expectOk(await fac.command({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'debate' } }));
      if (listener && o.mode === 'sfu') {
        // Wait for the listener's room connection: the mix is flowing.
        await listener.waitForFunction(async () => {
          const v = (
            window as unknown as {
              palabreVoice: { stats(): Promise<{ inbound: Record<string, { packets: number }> }> };
            }
          ).palabreVoice;
          return ((await v.stats()).inbound['room']?.packets ?? 0) > 50;
        });
      }
      const samples: number[] = [];
      const muteSamples: number[] = [];
      const warmup = o.warmup ?? 3;
      let cpu = 0;
      let changes = 0;
      const janusStart = janus ? processCpuMs(janus.pid) : 0;
      const wallStart = Date.now();
      for (let i = 0; i < o.rounds + warmup; i++) {
        const speaker = speakers[i % 2]!;
        const heard = listener ? onset(listener, o.mode, speaker) : Promise.resolve(0);
        const cpu0 = serverCpuMs();
        const turnId = fac.state!.groups[PLENARY_ID]!.queue.turn?.turnId ?? null;
        const ack = await fac.command({ type: 'floor.give', groupId: PLENARY_ID, memberId: speaker, turnId });
        const acked = Date.now();
        expectOk(ack);
        const at = await heard;
        await fac.waitFor((s) => s.groups[PLENARY_ID]!.queue.turn?.memberId === speaker);
        const ended = await fac.command({
          type: 'turn.end',
          groupId: PLENARY_ID,
          turnId: fac.state!.groups[PLENARY_ID]!.queue.turn!.turnId,
        });
        const endAcked = Date.now();
        expectOk(ended);
        const silent = listener ? await silence(listener, o.mode, speaker) : 0;
        if (i >= warmup) {
          cpu += serverCpuMs() - cpu0;
          changes += 2;
          if (listener) {
            samples.push(at - acked);
            // The end of the turn as heard: from the turn.end ack to the speaker's silence at the listener.
            muteSamples.push(Math.max(0, silent - endAcked));
          }
        }
      }
      let uplink: number | undefined;
      if (speakerPage && listener) {
        // The speaker's upload per listener, while speaking.
        expectOk(
          await fac.command({
            type: 'floor.give',
            groupId: PLENARY_ID,
            memberId: speakers[0]!,
            turnId: null,
          }),
        );
        await onset(listener, o.mode, speakers[0]!);
        uplink = await speakerPage.evaluate(async () => {
          const voice = (
            window as unknown as {
              palabreVoice: { stats(): Promise<{ outbound: Record<string, { bytes: number }> }> };
            }
          ).palabreVoice;
          // (No named helper here: the page would not know the bundler's naming shim.)
          const first = Object.values((await voice.stats()).outbound).map((o) => o.bytes);
          await new Promise((r) => setTimeout(r, 3000));
          const last = Object.values((await voice.stats()).outbound).map((o) => o.bytes);
          const perConnection = last.map((b, i) => b - (first[i] ?? 0));
          return (
            (perConnection.reduce((a, b) => a + b, 0) * 8) / 3 / 1000 / Math.max(1, perConnection.length)
          );
        });
      }
      const janusCpu = janus
        ? (processCpuMs(janus.pid) - janusStart) / ((Date.now() - wallStart) / 1000)
        : undefined;
      fac.close();
      for (const c of sdkClients) c.close();
      for (const context of browser.contexts()) await context.close();
      return { samples, muteSamples, cpuPerChange: cpu / changes, janusCpu, uplink };
    };
    const baseline = await run(false);
    const voice = await run(true);
    return {
      mode: o.mode,
      rounds: o.rounds,
      switchMs: summary(voice.samples),
      muteMs: summary(voice.muteSamples),
      serverCpuMsPerChange: round(voice.cpuPerChange),
      baselineCpuMsPerChange: round(baseline.cpuPerChange),
      ...(voice.janusCpu !== undefined ? { janusCpuMsPerSecond: round(voice.janusCpu) } : {}),
      ...(voice.uplink !== undefined ? { uplinkKbpsPerConnection: round(voice.uplink, 1) } : {}),
    };
  } finally {
    await browser.close();
    await server.kill('SIGTERM');
    await janus?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function expectOk(ack: { ok: boolean }): void {
  if (!ack.ok) throw new Error(`command refused: ${JSON.stringify(ack)}`);
}
