-- Béni Mellal-Khénifra region: its five provinces and their main urban communes.
INSERT INTO province (code, name_fr, name_ar, region) VALUES
 ('BM',  'Béni Mellal',     'بني ملال',        'Béni Mellal-Khénifra'),
 ('AZ',  'Azilal',          'أزيلال',          'Béni Mellal-Khénifra'),
 ('FBS', 'Fquih Ben Salah', 'الفقيه بن صالح',  'Béni Mellal-Khénifra'),
 ('KH',  'Khénifra',        'خنيفرة',          'Béni Mellal-Khénifra'),
 ('KG',  'Khouribga',       'خريبكة',          'Béni Mellal-Khénifra');

INSERT INTO commune (code, name_fr, name_ar, province_code) VALUES
 ('BML', 'Béni Mellal',             'بني ملال',            'BM'),
 ('KTD', 'Kasba Tadla',             'قصبة تادلة',          'BM'),
 ('KSB', 'El Ksiba',                'القصيبة',             'BM'),
 ('ZCH', 'Zaouiat Cheikh',          'زاوية الشيخ',         'BM'),
 ('AZL', 'Azilal',                  'أزيلال',              'AZ'),
 ('DMN', 'Demnate',                 'دمنات',               'AZ'),
 ('FBS', 'Fquih Ben Salah',         'الفقيه بن صالح',      'FBS'),
 ('SSO', 'Souk Sebt Oulad Nemma',   'سوق السبت أولاد النمة', 'FBS'),
 ('OAY', 'Oulad Ayad',              'أولاد عياد',          'FBS'),
 ('KHN', 'Khénifra',                'خنيفرة',              'KH'),
 ('MRT', 'M''rirt',                 'مريرت',               'KH'),
 ('KHB', 'Khouribga',               'خريبكة',              'KG'),
 ('OZM', 'Oued Zem',                'وادي زم',             'KG'),
 ('BJN', 'Boujniba',                'بوجنيبة',             'KG'),
 ('HTN', 'Hattane',                 'حطان',                'KG'),
 ('BLN', 'Boulanouare',             'بولنوار',             'KG');

-- Commission bodies per province.
INSERT INTO organisation (code, kind, name_fr, name_ar, province_code)
SELECT p.code || '-' || o.kind, o.kind, o.name_fr || ' - ' || p.name_fr, o.name_ar || ' - ' || p.name_ar, p.code
FROM province p CROSS JOIN (VALUES
 ('AU',     'Agence urbaine',                     'الوكالة الحضرية'),
 ('PC',     'Protection civile',                  'الوقاية المدنية'),
 ('ONEE',   'ONEE - eau et électricité',          'المكتب الوطني للكهرباء والماء الصالح للشرب'),
 ('ANCFCC', 'Conservation foncière (ANCFCC)',     'المحافظة العقارية'),
 ('TEL',    'Opérateur télécom',                  'الاتصالات')
) AS o(kind, name_fr, name_ar);
