import { SqlError } from '../sql/SqlError.js';
import type { Statement } from '../sql/Statement.js';
import type { QueryRun, StatementOutcome } from './QueryRun.js';
import { runDdl } from './runDdl.js';
import { runExplain, runQuery } from './runQuery.js';
import { runShow } from './runShow.js';
import { runView } from './runView.js';
import { runCreateTableAs, runInsert, runUnload } from './runWrite.js';

/** Runs one parsed statement; `resultKey` is where query rows go in the output bucket. */
export async function dispatchStatement(run: QueryRun, s: Statement, resultKey: string): Promise<StatementOutcome> {
  switch (s.kind) {
    case 'query':
      return runQuery(run, s.query, resultKey);
    case 'explain':
      return runExplain(run, s.query, s.analyze, resultKey);
    case 'createDatabase':
    case 'dropDatabase':
    case 'createTable':
    case 'dropTable':
    case 'addPartitions':
    case 'dropPartitions':
    case 'setTableProperties':
    case 'addColumns':
    case 'setLocation':
      return runDdl(run, s);
    case 'showTables':
    case 'showDatabases':
    case 'showPartitions':
    case 'showColumns':
    case 'describe':
    case 'showCreateTable':
    case 'showTableProperties':
    case 'repairTable':
      return runShow(run, s);
    case 'createTableAs':
      return runCreateTableAs(run, s);
    case 'insert':
      return runInsert(run, s);
    case 'unload':
      return runUnload(run, s);
    case 'createView':
    case 'dropView':
    case 'showViews':
    case 'showCreateView':
      return runView(run, s);
    case 'prepare': {
      const body = run.text.slice(s.body.start, s.body.end);
      await run.deps.prepared.put({ name: s.name, workGroup: run.workGroup.name, queryStatement: body, lastModifiedMs: run.deps.now() }, true);
      return { kind: 'text', column: 'result', lines: [] };
    }
    case 'deallocate': {
      if (!run.deps.prepared.find(run.workGroup.name, s.name)) throw new SqlError('GENERIC_USER_ERROR', `Prepared statement not found: ${s.name}`);
      await run.deps.prepared.delete(run.workGroup.name, s.name);
      return { kind: 'text', column: 'result', lines: [] };
    }
    case 'execute':
      // the engine replaces EXECUTE with the saved statement before it runs
      throw new SqlError('GENERIC_INTERNAL_ERROR', 'EXECUTE reached the runner');
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}
