// What a store query runs on: the connection, or the transaction an action opened.
import type { Knex } from 'knex';

export type Queryable = Knex | Knex.Transaction;
