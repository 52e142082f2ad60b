import { expect } from 'vitest';
import { BotHarness, cardOf } from '../../support/bot-harness.js';
import {
  PLAYGROUND_DEFAULTS,
  PLAYGROUND_TENANTS,
  PlaygroundSession,
  cardWithHeading,
  checkInCard,
  clickCardButton,
  openChannel,
  postInChannelMentioningBot,
} from './playground.js';

/** Alex Wilber, the Playground's user, as the bot knows him. */
export const ALEX = { id: PLAYGROUND_DEFAULTS.user.aadObjectId, name: PLAYGROUND_DEFAULTS.user.name };
export const MIK = 'MIK & ungas medievärldar';
const BERG = '2326';

/**
 * The starting point of the channel tests (polls, agendas): the real bot with Alex as coordinator of the example
 * programme and a member of MIK for Berg, and a Playground session in Swedish. The proxy rewrites the
 * Playground's en-US and holds each new channel post back from the bot until the page shows it.
 */
export class CoordinatorInChannel {
  readonly session = new PlaygroundSession();
  private bot?: BotHarness;
  private programmeId = '';
  private mikId = '';

  async start(timeoutMs: number): Promise<void> {
    this.bot = await BotHarness.start({ seedCoordinators: [ALEX], environment: PLAYGROUND_TENANTS });
    const [programme] = await this.bot.storage().programmes.list();
    this.programmeId = programme!.programmeId;
    this.mikId = programme!.groups.find((g) => g.name === MIK)!.id;
    // Signing up is tested in the browser by sign-up.e2e.test.ts: here the sign-up card's own action goes straight to the bot.
    const signedUp = await this.bot.execute(ALEX, 'membership.signUp', {
      programmeId: this.programmeId,
      groupIds: this.mikId,
      municipalityCode: BERG,
      preferredChannel: 'teams',
      roleOrLibrary: 'Bibliotekarie, Bergs bibliotek',
    });
    if (!cardOf(signedUp)) throw new Error(`Signing Alex up failed: ${JSON.stringify(signedUp.body)}`);
    await this.session.start({ botEndpoint: `${this.bot.url}/api/messages`, proxy: { locale: 'sv-SE' }, timeoutMs });
  }

  state(): { bot: BotHarness; programmeId: string; mikId: string } {
    return { bot: this.bot!, programmeId: this.programmeId, mikId: this.mikId };
  }

  async stop(): Promise<void> {
    try {
      await this.session.stop();
    } finally {
      await this.bot?.stop();
    }
  }

  /** "@Test Bot koppla grupp" in General and MIK ticked: the group now talks in the Playground's channel. */
  async linkGroupToGeneral(step: { timeoutMs: number }): Promise<void> {
    const { page, proxy } = this.session;
    const channelId = PLAYGROUND_DEFAULTS.team.generalChannelId;
    await openChannel(page, 'General', step);
    await postInChannelMentioningBot(page, 'koppla grupp', { ...step, proxy });
    const linkForm = await cardWithHeading(page, 'Koppla en grupp hit', step);
    await checkInCard(linkForm, MIK, 'radio', step);
    await clickCardButton(linkForm, 'Koppla', step);
    await cardWithHeading(page, `Den här kanalen är nu kopplad till gruppen ${MIK}.`, step);
    // The link keeps the Playground's connector as the address of the bot's own posts to the channel.
    expect(await this.bot!.storage().programmes.findLink(channelId)).toMatchObject({
      programmeId: this.programmeId,
      groupId: this.mikId,
      reference: { serviceUrl: this.session.playground!.connectorUrl, conversation: { id: channelId } },
    });
  }
}
