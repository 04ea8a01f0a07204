-- Demo accounts of the embedded default run (password "demo"). This location is only on Flyway's path when
-- rokhsa.demo.enabled=true; the prod profile refuses to start while any demo account is enabled.
INSERT INTO app_user (id, username, password_hash, full_name, email, phone, role, commune_code, organisation_code, province_code, demo) VALUES
 ('00000000-0000-4000-8000-000000000001', 'amina',   '{bcrypt}$2a$10$x4rSznOxIkG0YD0pu0ltz.lZ.rFVra6c0x.US4NJP0jdva8YauKhS', 'Amina El Idrissi (architecte)', 'amina@demo.rokhsa.ma',   '+212600000001', 'ARCHITECT',         NULL,  NULL,    NULL, true),
 ('00000000-0000-4000-8000-000000000002', 'youssef', '{bcrypt}$2a$10$x4rSznOxIkG0YD0pu0ltz.lZ.rFVra6c0x.US4NJP0jdva8YauKhS', 'Youssef Benali (guichet unique)', 'youssef@demo.rokhsa.ma', '+212600000002', 'REVIEWER',          'BML', NULL,    'BM', true),
 ('00000000-0000-4000-8000-000000000003', 'karim',   '{bcrypt}$2a$10$x4rSznOxIkG0YD0pu0ltz.lZ.rFVra6c0x.US4NJP0jdva8YauKhS', 'Karim Tazi (agence urbaine)',   'karim@demo.rokhsa.ma',   '+212600000003', 'COMMISSION_MEMBER', NULL,  'BM-AU', 'BM', true),
 ('00000000-0000-4000-8000-000000000004', 'fatima',  '{bcrypt}$2a$10$x4rSznOxIkG0YD0pu0ltz.lZ.rFVra6c0x.US4NJP0jdva8YauKhS', 'Fatima Zahra Amrani (présidente du conseil communal)', 'fatima@demo.rokhsa.ma', '+212600000004', 'SIGNATORY', 'BML', NULL, 'BM', true),
 ('00000000-0000-4000-8000-000000000005', 'hassan',  '{bcrypt}$2a$10$x4rSznOxIkG0YD0pu0ltz.lZ.rFVra6c0x.US4NJP0jdva8YauKhS', 'Hassan Ouali (correspondant provincial)', 'hassan@demo.rokhsa.ma', '+212600000005', 'PROVINCE_CONTACT', NULL, NULL, 'BM', true),
 ('00000000-0000-4000-8000-000000000006', 'admin',   '{bcrypt}$2a$10$x4rSznOxIkG0YD0pu0ltz.lZ.rFVra6c0x.US4NJP0jdva8YauKhS', 'Administrateur de la plateforme', 'admin@demo.rokhsa.ma', '+212600000006', 'ADMIN', NULL, NULL, NULL, true),
 -- A second architect and a reviewer of another commune, so that scoping can be seen at work.
 ('00000000-0000-4000-8000-000000000007', 'omar',    '{bcrypt}$2a$10$x4rSznOxIkG0YD0pu0ltz.lZ.rFVra6c0x.US4NJP0jdva8YauKhS', 'Omar Chraibi (architecte)', 'omar@demo.rokhsa.ma', '+212600000007', 'ARCHITECT', NULL, NULL, NULL, true),
 ('00000000-0000-4000-8000-000000000008', 'salma',   '{bcrypt}$2a$10$x4rSznOxIkG0YD0pu0ltz.lZ.rFVra6c0x.US4NJP0jdva8YauKhS', 'Salma Naciri (guichet unique, Khouribga)', 'salma@demo.rokhsa.ma', '+212600000008', 'REVIEWER', 'KHB', NULL, 'KG', true)
ON CONFLICT (username) DO NOTHING;
