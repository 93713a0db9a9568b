// Every loaded table carries its rows' 0-based ordinal in the data file, so a row keeps one
// identity across views, users, pages, explain and diff. The name is unlikely in real data;
// a data file that has such a column fails to load with a clear message.
export const ROW_ID = '__sl_row';
