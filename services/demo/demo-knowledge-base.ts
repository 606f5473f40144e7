// The demo shop's knowledge base, seeded with the demo workspace so the chat widget answers at once
// after `npm start`: a help-centre page in Markdown and a few Q&A pairs, about the sample outdoor
// shop of generate-demo-shop.ts (shipping, returns, sizes, payment, warranty, care, contact).

export const DEMO_FAQ_TITLE = 'Help centre';

export const DEMO_FAQ_MARKDOWN = `# Help centre

Welcome to the help centre of our outdoor shop. We sell footwear, jackets, backpacks, tents,
sleeping bags and mats, climbing gear, cycling accessories and camp kitchen equipment.

## Shipping

We ship to every country in the European Union, to the United Kingdom, Switzerland and Norway.
Orders placed before 2 pm (CET) on a working day leave our warehouse the same day.

- Standard delivery takes 2 to 4 working days and costs 4.95 euros.
- Express delivery arrives the next working day and costs 12.95 euros.
- Standard delivery is free for orders over 60 euros.

Every parcel is tracked: the tracking link is in your shipping confirmation email.
Deliveries to the United Kingdom, Switzerland and Norway may take 2 extra days for customs, and
import duties are paid by the recipient.

We do not ship to PO boxes or parcel lockers outside Germany.

## Returns and refunds

You can return any unused item within 30 days of delivery for a full refund.
Returns are free within the European Union: print the prepaid return label from your account
page and drop the parcel at any post office.
Refunds are issued to the original payment method within 5 working days after the return reaches
our warehouse.
Worn footwear, used climbing ropes and opened hygiene products such as bag liners cannot be returned.

### Exchanges

If an item does not fit, you can exchange it for another size free of charge: choose "exchange" on
the return form and we send the new size as soon as the return is scanned.

## Sizes

Our footwear follows EU sizes. If you are between two sizes, we recommend the larger one for hiking
boots and the smaller one for climbing shoes.
Jackets are cut for layering: chest measurements are given for each size on the product page.

| Size | Chest (cm) | Waist (cm) |
|---|---|---|
| S | 88-94 | 74-80 |
| M | 94-100 | 80-86 |
| L | 100-106 | 86-92 |
| XL | 106-112 | 92-98 |

## Payment

We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Google Pay and bank transfer.
You can also pay in three interest-free instalments with Klarna for orders over 100 euros.
Prices include VAT. Customers outside the EU pay no EU VAT.

## Warranty and repairs

Every product has a two-year warranty against manufacturing defects.
Tents and backpacks of our own brand Cairnline carry a lifetime warranty on seams and zips.
For a warranty claim, write to support with your order number and a photo of the defect.
We also repair zips, buckles and tent poles at cost price, even outside the warranty.

## Product care

Wash waterproof jackets at 30 degrees with a technical detergent, then tumble dry on low heat to
restore the water-repellent finish.
Always dry your tent completely before storing it, to prevent mould.
Store down sleeping bags uncompressed in the large cotton bag that comes with them.

## Gift cards

Gift cards are available from 10 to 500 euros and are valid for three years.
They can be used online and in our stores, and are sent by email within minutes.

## Stores and contact

Our flagship store is at Bergstraße 12 in Munich, open Monday to Saturday from 10 am to 7 pm.
You can pick up online orders there for free, usually the day after you order.
Our support team answers by email at help@demo-shop.cairn.dev and by phone at +49 89 1234 5678,
Monday to Friday from 9 am to 6 pm.
`;

export const DEMO_QA_PAIRS = [
  { question: 'Can I change or cancel my order?', answer: 'Yes, as long as it has not left our warehouse: open the order in your account and choose "change" or "cancel". Orders usually leave within a few hours, so please be quick.' },
  { question: 'Do you offer student discounts?', answer: 'Yes: students get 10% off full-price items after verifying their student status on our partner site UNiDAYS.' },
  { question: 'Is my order rain-proof packed?', answer: 'Yes, every parcel is packed in recycled, water-resistant packaging without plastic fillers.' },
];
