-- Text messages (signature PINs) are no longer kept in the database: the demo inbox holds them in memory, a real
-- gateway takes them and the key's trail records which channels delivered. Those already written go with the table.
DROP TABLE sms_outbox;
