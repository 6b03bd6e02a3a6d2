/**
 * What callers hand the catalog to create or change things. Optional fields may be left
 * out; names are folded to lower case when stored.
 */
export interface DatabaseInput {
  readonly name: string;
  readonly description?: string | undefined;
  readonly locationUri?: string | undefined;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
}

export interface ColumnInput {
  readonly name: string;
  readonly type?: string | undefined;
  readonly comment?: string | undefined;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
}

export interface StorageDescriptorInput {
  readonly columns?: readonly ColumnInput[] | undefined;
  readonly location?: string | undefined;
  readonly inputFormat?: string | undefined;
  readonly outputFormat?: string | undefined;
  readonly compressed?: boolean | undefined;
  readonly serdeInfo?:
    | {
        readonly name?: string | undefined;
        readonly serializationLibrary?: string | undefined;
        readonly parameters?: Readonly<Record<string, string>> | undefined;
      }
    | undefined;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  readonly numberOfBuckets?: number | undefined;
  readonly bucketColumns?: readonly string[] | undefined;
  readonly sortColumns?: ReadonlyArray<{ readonly column: string; readonly sortOrder: number }> | undefined;
  readonly storedAsSubDirectories?: boolean | undefined;
  readonly skewedInfo?:
    | {
        readonly skewedColumnNames?: readonly string[] | undefined;
        readonly skewedColumnValues?: readonly string[] | undefined;
        readonly skewedColumnValueLocationMaps?: Readonly<Record<string, string>> | undefined;
      }
    | undefined;
  readonly additionalLocations?: readonly string[] | undefined;
}

export interface TableInput {
  readonly name: string;
  readonly description?: string | undefined;
  readonly owner?: string | undefined;
  readonly tableType?: string | undefined;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  readonly storage?: StorageDescriptorInput | undefined;
  readonly partitionKeys?: readonly ColumnInput[] | undefined;
  readonly retention?: number | undefined;
  readonly viewOriginalText?: string | undefined;
  readonly viewExpandedText?: string | undefined;
  readonly lastAccessTimeMs?: number | undefined;
  readonly lastAnalyzedTimeMs?: number | undefined;
}

export interface PartitionInput {
  readonly values: readonly string[];
  readonly storage?: StorageDescriptorInput | undefined;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
  readonly lastAccessTimeMs?: number | undefined;
  readonly lastAnalyzedTimeMs?: number | undefined;
}
