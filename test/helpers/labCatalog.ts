/**
 * The analytics lab's Glue table (seed 001, athena.tf) as lakehose.yaml declares it: the
 * `catalog:` section the Glue and Athena conformance tests start from.
 */
export const LAB_CATALOG = `
catalog:
  databases:
    - name: video-analytics-dev-blog
      tables:
        - name: events-dev-blog
          tableType: EXTERNAL_TABLE
          parameters:
            EXTERNAL: "TRUE"
          storageDescriptor:
            location: s3://events-dev-blog/
            inputFormat: org.apache.hadoop.mapred.TextInputFormat
            outputFormat: org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat
            serDeInfo:
              name: s3-stream
              serializationLibrary: org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe
              parameters:
                serialization.format: 1
            columns:
              - name: id
                type: string
              - name: userId
                type: string
              - name: format
                type: string
              - name: timestamp
                type: timestamp
`;
