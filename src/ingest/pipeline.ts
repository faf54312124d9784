// What a pipeline file declares (docs/design.md §3). A pipeline is data: the engine in src/ingest/ turns it into
// SQL. Adding a channel means adding one file in pipelines/ and its test fixture.
import type { IntakeChannel } from "../codes.ts";
import type { CanonicalFieldName } from "../canonical.ts";

export type SourceFormat =
  | {
      kind: "csv";
      encoding: "utf-8" | "gb18030";
      delimiter: string;
      quote: string;
      /**
       * The export's columns. A file's header is matched to them by name, ignoring case, width, spaces,
       * underscores and punctuation, in any order: columns the file adds are ignored (and listed), declared
       * columns it lacks are read as empty, and only a file without the columns of the required fields
       * (source id, receipt date) is refused.
       */
      header: readonly string[];
      /** Other names of a declared column in some versions of the export: name in the file → declared name. */
      aliases?: Readonly<Record<string, string>>;
      /** Cell texts that mean "empty" in this export (e.g. the literal "None"). */
      nullValues?: readonly string[];
    }
  | {
      kind: "jsonl";
      /** Keys read from each JSON object (others are ignored). */
      keys: readonly string[];
    };

export interface FieldMapping {
  /** Source column (CSV) or key (JSON Lines). */
  from: string;
  /** Source word → canonical code (codes and booleans). Without it the value must already be a code. */
  values?: Readonly<Record<string, string | boolean>>;
  /** strptime formats tried in order (timestamps); `%z` formats carry an offset and are converted to bank time. */
  formats?: readonly string[];
  /** Resolve an org *name* to its org_code through dim_org (branch systems export names, not codes). */
  resolveOrgName?: boolean;
  /**
   * A word missing from `values`: loaded as `unmapped` with the raw label kept (default), or, where the
   * export's words are known not to be codes of this field (CFPB issues beyond the map), read as empty
   * ("null") without a note.
   */
  unmapped?: "unmapped" | "null";
  /**
   * Boolean fields read from an audit column that lists events (a status history): true when the cell
   * matches this regular expression (case ignored), false when it holds anything else, empty when empty.
   */
  pattern?: string;
}

export interface PipelineSpec {
  /** What `kesu ingest --pipeline NAME` takes, and the inbox folder name. */
  name: string;
  description: string;
  /** Prefix of complaint_key: `<source_system>:<source_id>`. */
  sourceSystem: string;
  channels: readonly IntakeChannel[];
  /** Basename pattern of the files this pipeline reads in inbox/<name>/ (a file named with --pipeline is read whatever its name). */
  filePattern: RegExp;
  format: SourceFormat;
  /** Channel for every row when the export has no channel column. */
  fixedChannel?: IntakeChannel;
  fields: Partial<Record<CanonicalFieldName, FieldMapping>>;
  /** Fields with one value for every row of this source (e.g. transfer forms only carry complaints). */
  constants?: Partial<Record<CanonicalFieldName, string | number | boolean>>;
  /** Clock profiles (src/clock/profiles.ts) the complaints of this source are judged by. */
  clockProfiles: readonly string[];
  /** node-cron expression, bank timezone. */
  cron: string;
}

export function definePipeline(spec: PipelineSpec): PipelineSpec {
  return spec;
}
