import type { Documents } from '../../platform/cosmos/documents.js';
import { withPeopleReplaced, type PersonalDataSource, type Placeholder } from '../../platform/personal-data.js';
import type { ProgrammeStore } from '../programmes/store.js';
import { kitSchema, receiptSchema, type Kit, type Receipt } from './schema.js';

/**
 * Personal data in kits: who booked a copy and who is told about its handovers, who waits in the queue, who
 * ended a booking, the kit's administrators and who made or last changed it, and who received a copy. A kit and
 * its bookings are the libraries' shared record (a booking is a municipality's): erasing a person keeps them with
 * the placeholder in the person's place, and so does a programme past its retention time.
 */
export function kitPersonalData(programmes: ProgrammeStore, kits: Documents): PersonalDataSource {
  const container = kits.name;
  const programmeIds = async () => (await programmes.list()).map((p) => p.programmeId);
  const documentsIn = async (programmeId: string) => {
    const query = (type: string) => ({
      query: 'SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = @type',
      parameters: [
        { name: '@programmeId', value: programmeId },
        { name: '@type', value: type },
      ],
    });
    const [all, receipts] = await Promise.all([
      kits.query(kitSchema, query('kit'), programmeId),
      kits.query(receiptSchema, query('receipt'), programmeId),
    ]);
    return { all, receipts };
  };
  const rewrite = async (programmeId: string, matches: (id: string) => boolean, placeholder: Placeholder) => {
    const { all, receipts } = await documentsIn(programmeId);
    let touched = 0;
    for (const kit of all.filter((k) => scrubbed(k, matches, placeholder))) {
      await kits.update(kitSchema, kit.id, programmeId, (current) => scrubbed(current, matches, placeholder));
      touched += 1;
    }
    for (const receipt of receipts.filter((r) => withPeopleReplaced(r, matches, placeholder))) {
      await kits.update(receiptSchema, receipt.id, programmeId, (current) =>
        withPeopleReplaced(current, matches, placeholder),
      );
      touched += 1;
    }
    return touched;
  };
  return {
    name: 'kits',
    containers: [container],
    async find(personId) {
      const found = [];
      for (const programmeId of await programmeIds()) {
        const { all, receipts } = await documentsIn(programmeId);
        for (const kit of all) found.push(...kitItems(kit, personId));
        for (const receipt of receipts.filter((r) => r.receivedBy.id === personId)) found.push(receiptItem(receipt));
      }
      return found;
    },
    async erase(personId, placeholder) {
      let touched = 0;
      for (const programmeId of await programmeIds())
        touched += await rewrite(programmeId, (id) => id === personId, placeholder);
      return { [container]: touched };
    },
    forgetProgramme: async (programmeId, placeholder) => ({
      [container]: await rewrite(programmeId, (id) => id !== placeholder.id, placeholder),
    }),
  };
}

/**
 * The kit with the person's Teams address (an administrator's contact) dropped and the person replaced by the
 * placeholder wherever named; undefined when the kit names them nowhere.
 */
function scrubbed(kit: Kit, matches: (id: string) => boolean, placeholder: Placeholder): Kit | undefined {
  const contacts = kit.administratorContacts.filter((entry) => !matches(entry.person.id));
  const withoutContacts =
    contacts.length === kit.administratorContacts.length ? kit : { ...kit, administratorContacts: contacts };
  return (
    withPeopleReplaced(withoutContacts, matches, placeholder) ?? (withoutContacts === kit ? undefined : withoutContacts)
  );
}

/** The kit as it concerns the person: their bookings and queue places, and whether they run or made it. */
function kitItems(kit: Kit, personId: string) {
  const bookings = kit.bookings.filter((b) => [b.bookedBy, b.contact, b.endedBy].some((p) => p?.id === personId));
  const waiting = kit.waitingList.filter((entry) => entry.person.id === personId);
  const runsIt = [...kit.administrators, kit.createdBy, kit.updatedBy].some((p) => p.id === personId);
  if (bookings.length === 0 && waiting.length === 0 && !runsIt) return [];
  return [
    {
      programmeId: kit.programmeId,
      what: kit.name,
      at: kit.updatedAt,
      details: {
        kit: kit.name,
        bookings,
        waiting,
        administrator: kit.administrators.some((p) => p.id === personId),
        contact: kit.administratorContacts.find((entry) => entry.person.id === personId)?.contact,
      },
    },
  ];
}

function receiptItem(receipt: Receipt) {
  return {
    programmeId: receipt.programmeId,
    what: 'receipt',
    at: receipt.receivedAt,
    details: { kitId: receipt.kitId, copyId: receipt.copyId, receivedAt: receipt.receivedAt, note: receipt.note },
  };
}
