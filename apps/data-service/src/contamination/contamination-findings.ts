// Its own file, free of runtime imports, so the dashboard can import the report's wire type.
export type ContaminationSide = {
  versionId: string;
  documents: number;
  overlappingDocuments: number;
  /** Each overlapping document's distinct n-grams found in the other version, in shard order (first MAX_LISTED_DOCUMENTS). */
  overlaps: { documentId: string; matchedNgrams: number }[];
};

export type ContaminationFindings = { ngramWords: number; sharedNgrams: number; datasetVersion: ContaminationSide; againstVersion: ContaminationSide };
