import { municipalities } from '../../platform/municipalities.js';
import { coverageByMunicipality } from '../membership/domain.js';
import { representationOf } from '../membership/representation.js';
import type { Membership } from '../membership/schema.js';
import type { OutputView } from '../outputs/cards.js';
import { mayDo } from '../outputs/domain.js';
import { kitPlanTotals } from '../outputs/kit-plan-rules.js';
import { slotTimes } from '../outputs/running-order-rules.js';
import type { KitPlan, RunningOrder } from '../outputs/schema.js';
import { recommendDay, tally } from '../polls/domain.js';
import type { Poll, Vote } from '../polls/schema.js';
import type { Programme } from '../programmes/schema.js';
import type { BoardAccess } from './access.js';
import type { KitPlanView, MunicipalityRow, OutputRow, PollChart, RunningOrderView } from './schema.js';

/** The programme as far as this person may see it: only their visible groups. */
export function visibleProgramme(programme: Programme, access: BoardAccess): Programme {
  return { ...programme, groups: programme.groups.filter((g) => access.groupIds.includes(g.id)) };
}

/**
 * Every municipality of the region with its colour and, per visible group, who represents it. Representatives are
 * shown to exactly those who may see a group's members: its own members and the programme's staff.
 */
export function municipalityRows(visible: Programme, memberships: readonly Membership[]): MunicipalityRow[] {
  const coverage = coverageByMunicipality(visible, [...memberships]);
  const byMunicipality = new Map<string, Membership[]>();
  for (const membership of memberships) {
    const list = byMunicipality.get(membership.municipalityCode) ?? [];
    list.push(membership);
    byMunicipality.set(membership.municipalityCode, list);
  }
  const rows = visible.region.municipalityCodes.map((code) => {
    const here = byMunicipality.get(code) ?? [];
    return {
      code,
      name: municipalities.nameOf(code),
      representation: representationOf(coverage, code),
      groups: visible.groups.map((group) => ({
        groupId: group.id,
        representatives: municipalities.sortByName(
          here.filter((m) => m.groupIds.includes(group.id)).map((m) => m.person.name),
          (name) => name,
        ),
      })),
    };
  });
  return municipalities.sortByName(rows, (row) => row.name);
}

function kitPlanView(plan: KitPlan): KitPlanView {
  const { lines, total } = kitPlanTotals(plan);
  return {
    ...plan,
    items: plan.items.map((item, index) => ({
      ...item,
      ...(lines[index] === undefined ? {} : { line: lines[index] }),
    })),
    total,
  };
}

/** Groups × outputs with status, due date, who submitted when, the plan or video, and what this person may do. */
export function outputRows(views: readonly OutputView[], access: BoardAccess): OutputRow[] {
  return views
    .filter((view) => access.groupIds.includes(view.group.id))
    .map(({ group, expected, output }) => {
      const status = output?.status ?? 'notStarted';
      const video = output?.video;
      return {
        groupId: group.id,
        groupName: group.name,
        outputId: expected.id,
        title: expected.title,
        kind: expected.kind,
        status,
        dueDate: expected.dueDate,
        ...(output?.submittedBy ? { submittedBy: output.submittedBy.name } : {}),
        ...(output?.submittedAt ? { submittedAt: output.submittedAt } : {}),
        ...(output?.reviewComment ? { reviewComment: output.reviewComment } : {}),
        ...(output?._etag ? { etag: output._etag } : {}),
        ...(output?.kitPlan ? { kitPlan: kitPlanView(output.kitPlan) } : {}),
        ...(video
          ? {
              video:
                video.source === 'file'
                  ? { source: 'file' as const, fileName: video.fileName, durationSeconds: video.durationSeconds }
                  : { source: 'link' as const, url: video.url, durationSeconds: video.durationSeconds },
            }
          : {}),
        mayApprove: access.review && mayDo(status, 'approve', ['reviewer']),
        mayReturn: access.review && mayDo(status, 'return', ['reviewer']),
      };
    });
}

/** A date poll as a chart: yes / if need be / no per day, and which municipalities nobody could come from. */
export function pollChart(poll: Poll, votes: readonly Vote[]): PollChart {
  const tallies = tally(poll, [...votes], poll.regionCodes, { withNames: false });
  const recommended = recommendDay(poll, tallies);
  return {
    pollId: poll.pollId,
    groupId: poll.groupId,
    groupName: poll.groupName,
    question: poll.question,
    status: poll.status,
    days: tallies.map((t) => ({
      optionId: t.option.id,
      date: t.option.date ?? '',
      part: t.option.part ?? 'fullDay',
      yes: t.yes,
      ifNeedBe: t.ifNeedBe,
      no: t.no,
      missing: t.missing.map(municipalities.nameOf),
    })),
    ...(recommended ? { recommendedOptionId: recommended.option.id } : {}),
  };
}

export function runningOrderView(programme: Programme, order: RunningOrder): RunningOrderView {
  const times = slotTimes(order);
  const names = new Map(programme.groups.map((g) => [g.id, g.name]));
  return {
    startTime: order.startTime,
    ...(order.postedAt ? { postedAt: order.postedAt } : {}),
    slots: order.slots.map((slot, index) => ({
      groupId: slot.groupId,
      groupName: names.get(slot.groupId) ?? slot.groupId,
      minutes: slot.minutes,
      start: times[index]!.start,
      end: times[index]!.end,
    })),
  };
}
